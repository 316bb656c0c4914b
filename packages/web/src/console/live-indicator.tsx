import { useT } from '../shared/locale';
import type { LiveState } from './live-context';

/**
 * Live / Reconnecting / Offline, as a status region, so a screen reader hears
 * the connection drop and come back. "Catching up" while connected but still
 * replaying what was missed (a board's first load of the day's payments).
 */
export function LiveIndicator({ state }: { readonly state: LiveState | 'catchingUp' }) {
  const t = useT();
  return (
    <p role="status" className={`live-indicator live-${state}`}>
      <span className="live-dot" aria-hidden="true" />
      {t('live.label')}: {t(`live.${state}`)}
    </p>
  );
}
