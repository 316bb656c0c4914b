import { useT } from './locale';

export interface NotLoadedProps {
  /** The request for the data failed; until it does, the data is on its way. */
  readonly failed: boolean;
  /** Asks for the data again (the query's refetch). */
  readonly onRetry: () => void;
}

/**
 * What a page shows in place of data it does not have: "Loading…" as a
 * status while it comes, or an alert that it could not be loaded, with a
 * button that asks again. One for every page, so a resident whose dashboard
 * did not load can try again as staff can on their pages, without
 * reloading the page and losing what they had typed elsewhere.
 */
export function NotLoaded({ failed, onRetry }: NotLoadedProps) {
  const t = useT();
  if (!failed) return <p role="status">{t('common.loading')}</p>;
  return (
    <div role="alert">
      <p>{t('common.loadFailed')}</p>
      <button type="button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
