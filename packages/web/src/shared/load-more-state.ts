import { useState } from 'react';

/**
 * Asking for the next page of a list fetched a page at a time: a press while a page is on its way does nothing, and a
 * page that could not be had is `failed` until the next press.
 */
export function useLoadMore(load: () => Promise<unknown>): { readonly loading: boolean; readonly failed: boolean; readonly loadMore: () => void } {
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);

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

  return { loading, failed, loadMore: () => void loadMore() };
}
