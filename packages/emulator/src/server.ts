import { type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createSigningKeyCache } from '@oss-presign/core/signer';
import { createCredentialLookup } from './auth/credentials.js';
import { createCallbackKeyPair } from './callback/key-pair.js';
import { type FaultRule, type FaultStats, createFaultInjector } from './faults.js';
import { answerClientError } from './http/client-error.js';
import { dropCompletedUploads, restoreUploads } from './multipart/persistence.js';
import { createUploadRegistry } from './multipart/registry.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import { PUBLIC_KEY_PATH, createRequestHandler } from './request-handler.js';
import { createStore } from './store/create-store.js';
import { lazyHashOffload } from './store/hash-offload.js';
import type { ObjectStore } from './store/object-store.js';

/** An object as the inspection helpers report it. */
export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  /** Quoted, as in the ETag header. */
  readonly etag: string;
  readonly crc64: string;
  readonly contentType: string;
  readonly storageClass: string;
  readonly objectType: 'Normal' | 'Multipart' | 'Appendable' | 'Symlink';
  readonly lastModified: Date;
  /** `x-oss-meta-*` headers, lower-case names. */
  readonly userMeta: Readonly<Record<string, string>>;
}

/** A multipart upload in progress, as the inspection helpers report it. */
export interface UploadSummary {
  readonly key: string;
  readonly uploadId: string;
  /** How many parts are uploaded. */
  readonly parts: number;
  readonly initiated: Date;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** Where the callback public key PEM is served (its base64 is sent in x-oss-pub-key-url). */
  readonly publicKeyUrl: string;
  readonly publicKeyPem: string;
  /** Stops listening, cuts open connections and forgets temporary files. */
  close(): Promise<void>;
  /** Replaces the fault rules (counters restart; stats keep counting). */
  setFaults(rules: readonly FaultRule[]): void;
  /** How many faults were injected, in total and per operation. */
  faultStats(): FaultStats;
  /** Committed objects of a bucket, sorted by key (reads the store directly, no auth). */
  listObjects(bucket: string): Promise<ObjectSummary[]>;
  /** The bytes of an object, or `undefined` when the key does not exist. */
  getObjectBytes(bucket: string, key: string): Promise<Buffer | undefined>;
  /** Multipart uploads in progress in a bucket. */
  listMultipartUploads(bucket: string): Promise<UploadSummary[]>;
}

function endpointOf(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

async function readAll(store: ObjectStore, bucket: string, key: string): Promise<Buffer | undefined> {
  const object = store.get(bucket, key);
  if (!object) return undefined;
  if (object.size === 0) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(object, 0, object.size - 1)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a local OSS that verifies V4/V1 signatures exactly as OSS does, on real HTTP.
 *
 * @example
 * ```ts
 * const oss = await startEmulator({
 *   port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: ['demo'],
 *   credentials: [{ accessKeyId: 'test-ak', accessKeySecret: 'test-sk' }],
 * });
 * console.log(oss.endpoint); // http://127.0.0.1:PORT
 * await oss.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const restored = await restoreUploads(resolved.dataDir, resolved.buckets);
  const [store, keys] = await Promise.all([
    createStore(resolved.buckets, resolved.dataDir, restored.partBlobIds),
    createCallbackKeyPair(),
  ]);
  const objectBlobIds = new Set<string>();
  for (const bucket of resolved.buckets) for (const object of store.list(bucket)) for (const segment of object.segments) objectBlobIds.add(segment.id);
  const uploads = createUploadRegistry({
    persistence: restored.persistence,
    loaded: await dropCompletedUploads(restored, (id) => objectBlobIds.has(id)),
  });
  const faults = createFaultInjector(resolved.faults);
  const hashOffload = lazyHashOffload(resolved.hashWorkers);
  // insecureHTTPParser: ali-oss `put(name, readStream)` sends Content-Length together with
  // Transfer-Encoding: chunked. OSS accepts that request and reads the body as chunked, which is what
  // HTTP/1.1 prescribes (RFC 9112 6.3: Transfer-Encoding overrides Content-Length), but Node's strict
  // parser answers 400 before any handler runs, and Node has no option for that one rule. The
  // leniency exists against request smuggling through proxies, which a local emulator does not sit
  // behind; the one other thing it lets through to the handler, control characters in header
  // values, is refused there (checkHeaderValues).
  const server = createServer({ insecureHTTPParser: true });
  server.on('clientError', (_error, socket) => answerClientError(socket as Socket, resolved.now()));
  const port = await listen(server, resolved.port, resolved.host);
  const endpoint = endpointOf(resolved.host, port);
  const publicKeyUrl = `${endpoint}${PUBLIC_KEY_PATH}`;
  server.on(
    'request',
    createRequestHandler({
      region: resolved.region,
      addressing: {
        baseDomains: resolved.baseDomains,
        buckets: new Set(resolved.buckets),
        hostBuckets: resolved.hostBuckets,
        defaultBucket: resolved.defaultBucket,
        forbidPathStyle: resolved.forbidPathStyle,
      },
      cors: resolved.cors,
      now: resolved.now,
      lookup: createCredentialLookup(resolved.credentials),
      signingKeyCache: createSigningKeyCache(),
      store,
      uploads,
      faults,
      callbacks: { keys, publicKeyUrl, timeoutMs: resolved.callbackTimeoutMs, allowHosts: resolved.allowCallbackHosts },
      publicKeyPem: keys.publicKeyPem,
      maxObjectSize: resolved.maxObjectSize,
      hashOffload,
      onInternalError: resolved.onInternalError,
    }),
  );

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    region: resolved.region,
    publicKeyUrl,
    publicKeyPem: keys.publicKeyPem,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all([store.close(), hashOffload.close()]);
      })();
      return closing;
    },
    setFaults: (rules) => faults.setRules(rules),
    faultStats: () => faults.stats(),
    listObjects: async (bucket) =>
      store.list(bucket).map((object) => ({
        key: object.key,
        size: object.size,
        etag: object.etag,
        crc64: object.crc64,
        contentType: object.meta.contentType,
        storageClass: object.meta.storageClass,
        objectType: object.objectType,
        lastModified: object.lastModified,
        userMeta: object.meta.userMeta,
      })),
    getObjectBytes: (bucket, key) => readAll(store, bucket, key),
    listMultipartUploads: async (bucket) =>
      uploads.list(bucket).map((upload) => ({
        key: upload.key,
        uploadId: upload.uploadId,
        parts: upload.parts.size,
        initiated: upload.initiated,
      })),
  };
}
