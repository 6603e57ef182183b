import type { FileUploadState, UploadPolicy } from '@oss-presign/core/upload';
import { formatBytes, formatSpeed, formatTimeLeft } from '../format';
import { technicalDetail, userMessage } from '../messages';

interface UploadRowProps {
  readonly file: FileUploadState;
  readonly policy: UploadPolicy | undefined;
  readonly onCancel: () => void;
  readonly onRetry: () => void;
}

const ACTIVE = new Set(['queued', 'presigning', 'uploading', 'completing']);

function statusLine(file: FileUploadState): string {
  switch (file.status) {
    case 'queued':
      return 'Waiting…';
    case 'presigning':
      return 'Starting…';
    case 'uploading': {
      const { loaded, total, percent } = file.progress;
      const speed = file.bytesPerSecond;
      const left = speed > 0 ? formatTimeLeft((total - loaded) / speed) : '';
      return [`${percent}%`, formatSpeed(speed), left && `${left} left`].filter(Boolean).join(' · ');
    }
    case 'completing':
      return 'Finishing…';
    case 'success':
      if (file.result?.mode !== 'multipart') return 'Uploaded';
      return file.result.resumedParts.length > 0
        ? `Uploaded in ${file.result.parts.length} parts (${file.result.resumedParts.length} resumed)`
        : `Uploaded in ${file.result.parts.length} parts`;
    case 'aborted':
      return 'Cancelled. Nothing was kept.';
    case 'error':
      return 'Not uploaded';
  }
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot > name.length - 6 ? name.slice(dot + 1).toUpperCase() : 'FILE';
}

/** One file: name, size, progress (percent, speed, time left), cancel, retry, and what went wrong. */
export function UploadRow({ file, policy, onCancel, onRetry }: UploadRowProps) {
  const active = ACTIVE.has(file.status);
  const message = file.status === 'error' && file.error ? userMessage(file.error, policy) : undefined;
  return (
    <li className={`row status-${file.status}`} data-testid="upload-row" data-status={file.status} data-name={file.name}>
      <span className="badge" aria-hidden="true">
        {extension(file.name)}
      </span>
      <div className="row-main">
        <div className="row-title">
          <span className="name" title={file.name}>
            {file.name}
          </span>
          <span className="size">{formatBytes(file.size)}</span>
        </div>
        {(active || file.status === 'success') && (
          <div
            className="bar"
            role="progressbar"
            aria-label={`${file.name} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={file.progress.percent}
          >
            <span style={{ width: `${file.progress.percent}%` }} />
          </div>
        )}
        <p className="row-status" data-testid="row-status">
          {statusLine(file)}
        </p>
        {message && file.error && (
          <div className="error" role="alert">
            <p>{message.text}</p>
            <details>
              <summary>Technical details</summary>
              <pre>{technicalDetail(file.error)}</pre>
            </details>
          </div>
        )}
      </div>
      <div className="row-actions">
        {active && (
          <button type="button" className="button secondary" onClick={onCancel} aria-label={`Cancel ${file.name}`}>
            Cancel
          </button>
        )}
        {((file.status === 'error' && message?.canRetry) || file.status === 'aborted') && (
          <button type="button" className="button" onClick={onRetry} aria-label={`Retry ${file.name}`}>
            Retry
          </button>
        )}
      </div>
    </li>
  );
}
