// koa2 is an npm alias of koa@2 (devDependency), used to prove the peer range; it has no types of its own.
declare module 'koa2' {
  const Koa: unknown;
  export default Koa;
}
