import { useEffect, useRef, type ReactNode } from 'react';
import { useLoadMore } from '../shared/load-more-state';
import { useT } from '../shared/locale';

/**
 * "Load more" (or `label`, where a page has several lists) under a list
 * fetched a page at a time (when `hasMore`), and, when the next page could
 * not be had, an announced alert that takes focus and offers to try again.
 * `children` are further buttons for the same row.
 */
export function LoadMore({ hasMore, load, label, children }: { readonly hasMore: boolean; readonly load: () => Promise<unknown>; readonly label?: string; readonly children?: ReactNode }) {
  const t = useT();
  const { loading, failed, loadMore } = useLoadMore(load);
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failed) alert.current?.focus();
  }, [failed]);

  if (!hasMore && !children) return null;
  return (
    <>
      {failed && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={alert}>
          <p>{t('console.admin.loadMoreFailed')}</p>
          <button type="button" onClick={loadMore} disabled={loading}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="actions">
        {hasMore && (
          // Busy, not disabled, while loading: a disabled button drops the focus of the keyboard user who pressed it.
          <button type="button" onClick={loadMore} aria-disabled={loading || undefined}>
            {loading ? t('console.admin.loadingMore') : (label ?? t('console.admin.loadMore'))}
          </button>
        )}
        {children}
      </div>
    </>
  );
}
