// Preloaded with --import for the NestJS 11 runs of the contract suite: imports and requires of
// '@nestjs/...' go to the nest11-* npm aliases, so the process loads one Nest major only.
import Module, { register } from 'node:module';

const NEST = /^@nestjs\/(common|core|testing|platform-express|platform-fastify)(\/.*)?$/;
const original = Module._resolveFilename;
Module._resolveFilename = function resolveNest11(request, ...rest) {
  return original.call(this, request.replace(NEST, 'nest11-$1$2'), ...rest);
};

const hooks = `export function resolve(specifier, context, next) {
  return next(specifier.replace(${NEST}, 'nest11-$1$2'), context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
