// express4 is an npm alias of express@4 (devDependency), used to prove the peer range; it has no types of its own.
declare module 'express4' {
  const express: unknown;
  export default express;
}
