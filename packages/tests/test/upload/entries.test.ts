/**
 * `@oss-presign/core/upload/node` is a strict superset of `@oss-presign/core/upload`: every name
 * the browser entry exports (values at run time, and types in the source) the Node entry exports
 * too, so moving code from a page to a script never breaks an import.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as browser from '@oss-presign/core/upload';
import * as node from '@oss-presign/core/upload/node';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const source = (entry: string) => readFile(require.resolve(`@oss-presign/core/package.json`).replace('package.json', `src/${entry}`), 'utf8');

/** Every exported name of an entry's source: `export { … }`, `export type { … }`, declarations. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const item of (match[1] as string).split(',')) {
      const name = item.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  for (const match of text.matchAll(/export (?:async )?(?:function|const|class|interface|type) (\w+)/g)) names.add(match[1] as string);
  return names;
}

describe('entries', () => {
  it('the Node entry exports every value of the browser entry, and more', () => {
    const browserNames = Object.keys(browser).sort();
    const nodeNames = Object.keys(node);
    expect(browserNames.filter((name) => !nodeNames.includes(name))).toEqual([]);
    expect(nodeNames.length).toBeGreaterThan(browserNames.length);
    expect(browserNames).toContain('createUploader');
    expect(browserNames).toContain('createPresignClient');
  });

  it('the Node entry exports every type of the browser entry', async () => {
    const browserNames = exportedNames(await source('upload.ts'));
    const nodeNames = exportedNames(await source('upload-node.ts'));
    expect([...browserNames].filter((name) => !nodeNames.has(name))).toEqual([]);
    expect(browserNames.has('UploaderSnapshot')).toBe(true);
  });

  it('the browser entry exports what apps call, not engine internals', () => {
    const names = Object.keys(browser);
    for (const internal of ['xmlElementText', 'abortableSleep', 'decodeXmlText', 'parseListParts', 'backoffDelay', 'parseRawHeaders', 'bytesPayload']) {
      expect(names).not.toContain(internal);
    }
    // Every error class the entry's functions throw.
    expect(names).toEqual(expect.arrayContaining(['OssUploadError', 'OssPresignError']));
    expect(names.length).toBeLessThanOrEqual(20);
  });
});
