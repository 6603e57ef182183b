import type { StoredObject } from '../api';
import { displayName, formatBytes, isImageKey } from '../format';

interface ObjectListProps {
  readonly objects: readonly StoredObject[] | undefined;
  readonly error: string | undefined;
}

/** What is in the bucket: a thumbnail for images, a presigned download link, size, and whether the callback arrived. */
export function ObjectList({ objects, error }: ObjectListProps) {
  if (error) {
    return (
      <p className="muted" role="alert">
        Couldn't list the bucket ({error}).
      </p>
    );
  }
  if (!objects) return <p className="muted">Loading…</p>;
  if (objects.length === 0) return <p className="muted empty">Nothing uploaded yet. Files you upload show up here.</p>;
  return (
    <ul className="objects" aria-label="Uploaded files">
      {objects.map((object) => {
        const name = displayName(object.key);
        return (
          <li key={object.key} className="object" data-testid="object" data-key={object.key}>
            <div className="thumb">
              {object.url && isImageKey(object.key) ? (
                <img src={object.url} alt="" loading="lazy" data-testid="thumbnail" />
              ) : (
                <span aria-hidden="true">{name.split('.').pop()?.slice(0, 4).toUpperCase() || 'FILE'}</span>
              )}
            </div>
            <div className="object-main">
              {object.url ? (
                <a href={object.url} target="_blank" rel="noreferrer" className="name" title={object.key}>
                  {name}
                </a>
              ) : (
                <span className="name" title={object.key}>
                  {name}
                </span>
              )}
              <span className="meta">
                {formatBytes(object.size)}
                {object.lastModified && ` · ${new Date(object.lastModified).toLocaleString()}`}
              </span>
            </div>
            <span
              className={`pill ${object.callback ? 'ok' : 'none'}`}
              data-testid="callback"
              title={object.callback ? 'OSS called the app server back after storing this file' : 'The app server has no callback for this file'}
            >
              {object.callback ? 'Callback ✓' : 'No callback'}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
