import { createRequire } from 'node:module';
import nestCommon from '@nestjs/common/package.json' with { type: 'json' };
import nestCore from '@nestjs/core/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';

// vitest.config.ts runs the suite on NestJS 12, vitest.nest11.config.ts (NEST_MAJOR=11) on NestJS 11.
const expected = process.env.NEST_MAJOR ?? '12';

describe(`NestJS ${expected}`, () => {
  it('is the one major both imports and Nest’s own requires load', () => {
    const require = createRequire(import.meta.url);
    const required = require('@nestjs/common/package.json') as { version: string };
    expect([nestCommon.version, nestCore.version, required.version].map((version) => version.split('.')[0])).toEqual([expected, expected, expected]);
  });
});
