// Under vitest.nest11.config.ts: NestJS 11's packages require each other by their real names; send
// those requires to the nest11-* aliases, so one process never mixes Nest 11 and Nest 12.
import Module from 'node:module';

const NEST = /^@nestjs\/(common|core|testing|platform-express|platform-fastify)(\/.*)?$/;
const resolvable = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const original = resolvable._resolveFilename;
resolvable._resolveFilename = function resolveNest11(request: string, ...rest: unknown[]) {
  return original.call(this, request.replace(NEST, 'nest11-$1$2'), ...rest);
};
