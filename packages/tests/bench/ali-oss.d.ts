// ali-oss 6.23.0 ships no type declarations; the bench uses it untyped.
declare module 'ali-oss';
