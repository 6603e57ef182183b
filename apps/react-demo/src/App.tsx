import { createLocalStorageStore } from '@oss-presign/core/upload';
import { useOssUpload } from '@oss-presign/react-hook';
import { useCallback, useEffect, useState } from 'react';
import { API_BASE, type StoredObject, fetchObjects } from './api';
import { DropZone } from './components/DropZone';
import { ObjectList } from './components/ObjectList';
import { UploadRow } from './components/UploadRow';
import { formatBytes } from './format';

// Multipart progress survives a reload: picking the same file again sends only the parts OSS lacks.
const resume = createLocalStorageStore({ prefix: 'oss-presign-demo:' });

export function App() {
  const [objects, setObjects] = useState<StoredObject[] | undefined>();
  const [listError, setListError] = useState<string | undefined>();

  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      setObjects(await fetchObjects(signal));
      setListError(undefined);
    } catch (error) {
      if (!signal?.aborted) setListError(error instanceof Error ? error.message : String(error));
    }
  }, []);

  const { upload, abort, retry, reset, uploads, policy, progress, isUploading } = useOssUpload({
    endpoint: `${API_BASE}/oss`,
    // Multipart from 16 MiB (the library's default is 100 MiB): the demo shows per-part progress
    // and resume after a reload on ordinary files.
    multipartThreshold: 16 * 1024 * 1024,
    resume,
    onSuccess: () => void refresh(),
  });

  useEffect(() => {
    const controller = new AbortController();
    void refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  const finished = uploads.filter((file) => file.status === 'success').length;

  return (
    <div className="page">
      <header className="masthead">
        <div className="brand" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
            <path d="M12 4l6 6h-4v8h-4v-8H6z" fill="currentColor" />
          </svg>
        </div>
        <div>
          <h1>Upload straight to OSS</h1>
          <p className="lede">Files go from this browser to the bucket through presigned URLs. They never pass through the app server.</p>
        </div>
      </header>

      <main className="layout">
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Add files</h2>
          <DropZone policy={policy} onFiles={(files) => void upload(files)} />

          {uploads.length > 0 && (
            <div className="queue">
              <div className="queue-head">
                <p className="queue-summary" aria-live="polite">
                  {isUploading
                    ? `Uploading ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${progress.percent}%)`
                    : `${finished} of ${uploads.length} uploaded`}
                </p>
                <button type="button" className="link-button" onClick={reset} disabled={isUploading}>
                  Clear list
                </button>
              </div>
              <ul className="rows" aria-label="Uploads">
                {uploads.map((file) => (
                  <UploadRow key={file.id} file={file} policy={policy} onCancel={() => abort(file.id)} onRetry={() => void retry(file.id)} />
                ))}
              </ul>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="objects-heading">
          <div className="section-head">
            <h2 id="objects-heading">In the bucket</h2>
            <button type="button" className="link-button" onClick={() => void refresh()}>
              Refresh
            </button>
          </div>
          <ObjectList objects={objects} error={listError} />
        </section>
      </main>
    </div>
  );
}
