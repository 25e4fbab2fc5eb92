import { useId } from 'react';
import { formatDate, formatSize } from '../../components/format.js';
import type { DataExport } from '../../api/privacy.js';

/** One archive: a progress bar named by its text while it is built, then its link until it expires. */
export function ExportProgress({ item }: { item: DataExport }) {
  const id = useId();
  if (item.status === 'queued') {
    const done = item.progress?.done ?? 0;
    const total = Math.max(1, item.progress?.total ?? 1);
    return (
      <div className="cpd-progress">
        <p id={id} role="status">
          Building your archive: step {done} of {item.progress?.total ?? '…'}
          {item.progress?.message ? ` (${item.progress.message})` : ''}
        </p>
        <progress aria-labelledby={id} max={total} value={done} />
      </div>
    );
  }
  if (item.status === 'failed') return <p className="banner banner-error">The archive could not be built: {item.error ?? 'try again'}.</p>;
  if (item.status === 'expired' || !item.downloadUrl) return <p>Archive of {formatDate(item.createdAt)}: the link has expired.</p>;
  return (
    <p>
      <a href={item.downloadUrl} download>
        Download your archive (ZIP{item.size ? `, ${formatSize(item.size)}` : ''})
      </a>{' '}
      — the link works until {formatDate(item.expiresAt as string)}.
    </p>
  );
}
