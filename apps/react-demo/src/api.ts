/**
 * Where the demo server is: `/api` on the same origin by default (the Express demo serves this
 * page), or `?api=http://127.0.0.1:3001/api` to use another demo server (it must allow this origin).
 */
export const API_BASE = new URLSearchParams(globalThis.location?.search ?? '').get('api')?.replace(/\/+$/, '') || '/api';

/** An object in the bucket, as the demo servers' `GET /api/files` lists it. */
export interface StoredObject {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  readonly lastModified?: string | undefined;
  /** A presigned GET URL (short-lived); absent when the server does not sign downloads. */
  readonly url?: string | undefined;
  /** Whether the server received and verified OSS's upload callback for this object. */
  readonly callback?: boolean | undefined;
}

interface FilesAnswer {
  readonly objects: readonly StoredObject[];
  readonly verifiedCallbacks?: readonly { readonly key?: string | undefined }[];
}

/** The uploaded objects, newest first, each with whether its callback arrived. */
export async function fetchObjects(signal?: AbortSignal): Promise<StoredObject[]> {
  const response = await fetch(`${API_BASE}/files`, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${API_BASE}/files answered ${response.status}`);
  const answer = (await response.json()) as FilesAnswer;
  const verified = new Set((answer.verifiedCallbacks ?? []).map((entry) => entry.key));
  return answer.objects
    .map((object) => ({ ...object, callback: object.callback ?? verified.has(object.key) }))
    .sort((a, b) => (b.lastModified ?? '').localeCompare(a.lastModified ?? '') || a.key.localeCompare(b.key));
}
