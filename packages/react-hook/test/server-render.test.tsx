// @vitest-environment node
/**
 * Server rendering: no window, no document. The hook renders the idle snapshot (the store's server
 * snapshot) and asks nothing of the presign handler; and the tests run on the React major they say.
 */
import { createElement, version } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { useOssUpload } from '../src/index.js';

function Uploader() {
  const { status, progress, uploads, isUploading, result, error } = useOssUpload({ endpoint: 'http://127.0.0.1:9/api/oss' });
  return createElement('p', null, `${status} ${progress.percent}% ${uploads.length} ${isUploading} ${result === undefined} ${error === undefined}`);
}

describe('useOssUpload on the server', () => {
  it('renders the idle state with renderToString and touches no browser global', () => {
    expect(typeof window).toBe('undefined');
    let fetched = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() => {
      fetched++;
      return Promise.reject(new Error('no fetch during a server render'));
    }) as typeof fetch;
    try {
      expect(renderToString(createElement(Uploader))).toBe('<p>idle 0% 0 false true true</p>');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toBe(0);
  });

  it(`runs on React ${process.env.REACT_MAJOR ?? '19'}`, () => {
    expect(version.split('.')[0]).toBe(process.env.REACT_MAJOR ?? '19');
  });
});
