import type { UploadPolicy } from '@oss-presign/core/upload';
import { type DragEvent, useId, useState } from 'react';
import { describeTypes, formatBytes } from '../format';

interface DropZoneProps {
  readonly policy: UploadPolicy | undefined;
  readonly onFiles: (files: File[]) => void;
}

/** A drop target that is also a file picker; shows the server's policy (types and size limit). */
export function DropZone({ policy, onFiles }: DropZoneProps) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <label
      htmlFor={inputId}
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => event.preventDefault()}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <input
        id={inputId}
        data-testid="file-input"
        type="file"
        multiple
        className="visually-hidden"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Cleared so that picking the same file again (to resume it) fires change once more.
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <svg className="dropzone-icon" viewBox="0 0 48 48" aria-hidden="true">
        <path d="M14 34h-2a8 8 0 0 1-1-15.9A12 12 0 0 1 34.6 15 9 9 0 0 1 36 34h-2" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        <path d="M24 40V22m-7 7 7-7 7 7" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="dropzone-title">
        <strong>Drop files here</strong> or <span className="fake-link">choose files</span>
      </span>
      <span className="policy" data-testid="policy">
        {policy
          ? `${describeTypes(policy.allowedContentTypes)} · up to ${formatBytes(policy.maxSize)} each`
          : 'Loading the upload rules…'}
      </span>
    </label>
  );
}
