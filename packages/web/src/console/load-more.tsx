import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../shared/locale';

/**
 * "Load more" (or `label`, where a page has several lists) under a list
 * fetched a page at a time (when `hasMore`), and, when the next page could
 * not be had, an announced alert that takes focus and offers to try again.
 * `children` are further buttons for the same row.
 */
export function LoadMore({ hasMore, load, label, children }: { readonly hasMore: boolean; readonly load: () => Promise<unknown>; readonly label?: string; readonly children?: ReactNode }) {
  const t = useT();
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failed) alert.current?.focus();
  }, [failed]);

  async function loadMore() {
    if (loading) return;
    setLoading(true);
    setFailed(false);
    try {
      await load();
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }

  if (!hasMore && !children) return null;
  return (
    <>
      {failed && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={alert}>
          <p>{t('console.admin.loadMoreFailed')}</p>
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="actions">
        {hasMore && (
          // Busy, not disabled, while loading: a disabled button drops the focus of the keyboard user who pressed it.
          <button type="button" onClick={() => void loadMore()} aria-disabled={loading || undefined}>
            {loading ? t('console.admin.loadingMore') : (label ?? t('console.admin.loadMore'))}
          </button>
        )}
        {children}
      </div>
    </>
  );
}
