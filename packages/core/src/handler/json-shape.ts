import { OssPresignError } from '../errors/oss-presign-error.js';

/**
 * Deepest nesting a request body may have. The protocol's deepest body is 3 levels
 * (`{ parts: [{ partNumber }] }`); 32 leaves room for app extensions and stays far from any
 * recursion limit in code that later walks the body (a logger, a hook, JSON.stringify).
 */
export const MAX_JSON_DEPTH = 32;

function tooLarge(limit: number): OssPresignError {
  return new OssPresignError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, { details: { limit } });
}

function notJson(what: string): OssPresignError {
  return new OssPresignError('BAD_REQUEST', `The request body ${what}`);
}

/**
 * Checks a body a parser produced (our JSON.parse, or express.json() / koa-bodyparser mounted
 * before the adapter) without recursion: nesting at most {@link MAX_JSON_DEPTH}, only JSON's
 * value types, and a JSON text length (counted, never serialised) of at most `limit`. A body
 * nested 5,000 levels deep gets BAD_REQUEST (400) here instead of overflowing the stack later.
 *
 * @example
 * ```ts
 * assertJsonShape({ parts: [{ partNumber: 1 }] }, 1024 * 1024); // passes
 * assertJsonShape(JSON.parse('[[[[...]]]]'), 1024);              // throws BAD_REQUEST (too deep)
 * ```
 * @throws OssPresignError BAD_REQUEST (too deep, a cycle, a value JSON cannot carry), PAYLOAD_TOO_LARGE
 */
export function assertJsonShape(value: unknown, limit: number): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let length = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    switch (typeof current) {
      case 'string':
        // Quotes plus the characters; escapes only make the real text longer, never shorter.
        length += current.length + 2;
        break;
      case 'number':
      case 'boolean':
        length += String(current).length;
        break;
      case 'object': {
        if (current === null) {
          length += 4;
          break;
        }
        if (depth >= MAX_JSON_DEPTH) throw notJson(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
        const entries = Array.isArray(current) ? current.map((item) => ['', item] as const) : Object.entries(current);
        length += 2 + Math.max(0, entries.length - 1);
        for (const [name, item] of entries) {
          if (name !== '') length += name.length + 3;
          stack.push({ value: item, depth: depth + 1 });
        }
        break;
      }
      case 'undefined':
        // JSON.stringify drops undefined members; a parser never yields one, a hook might.
        break;
      default:
        throw notJson(`holds a ${typeof current}, which JSON cannot carry`);
    }
    if (length > limit) throw tooLarge(limit);
  }
}
