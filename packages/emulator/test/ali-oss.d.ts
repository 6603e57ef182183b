// ali-oss 6.23.0 ships no type declarations; the oracle tests use it untyped.
declare module 'ali-oss';
