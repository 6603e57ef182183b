// Under vitest.react18.config.ts: externalized CommonJS packages (react-dom, @testing-library/react)
// require react by its real name; send those requires to the react18 aliases, so one process never
// mixes React 18 and React 19.
import Module from 'node:module';

const REACT = /^(react|react-dom)(\/.*)?$/;
const resolvable = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const original = resolvable._resolveFilename;
resolvable._resolveFilename = function resolveReact18(request: string, ...rest: unknown[]) {
  return original.call(this, request.replace(REACT, '$118$2'), ...rest);
};
