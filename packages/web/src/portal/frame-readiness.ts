import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/*
 * Whether the processor's form in a frame is ready, still loading or failed.
 * The form says 'ready' from its own script, usually before the frame's load
 * event reaches this page; a frame that loads without saying it is most often
 * an error page (the processor down, or its host blocked by a filter), so it
 * is called failed READY_AFTER_LOAD_MS after its load event, and
 * LOAD_LIMIT_MS covers a frame that never even loads. A failed frame stays
 * mounted (hidden): a form that was only slow, on a slow phone, still says
 * 'ready' and is shown again.
 */
const READY_AFTER_LOAD_MS = 4_000;
/** How long a frame may take to say 'ready' before it is called failed; a submit waits this long for it. */
export const LOAD_LIMIT_MS = 15_000;

type FrameStatus = 'loading' | 'ready' | 'failed';

export interface FrameReadiness {
  /** The status now, for handlers that run between renders. */
  readonly status: () => FrameStatus;
  /** The status the page is drawn with. */
  readonly shown: FrameStatus;
  /** The iframe's key: each src and each Try again is a new frame, loaded afresh and loading until it says 'ready'. */
  readonly frameKey: string;
  /** For the iframe's load event. */
  readonly onLoad: () => void;
  /** For the form's 'ready' message. */
  readonly onReady: () => void;
  /** Try again: a new frame. */
  readonly reload: () => void;
}

/** The readiness of the frame that shows src; onFailed is called when it fails, and must not change between renders. */
export function useFrameReadiness(src: string, onFailed: () => void): FrameReadiness {
  const [loads, setLoads] = useState(0);
  const frameKey = `${loads}|${src}`;
  // Read between renders (by submit and the message handler), hence a ref beside the state that draws the page.
  const status = useRef<FrameStatus>('loading');
  const [shown, setShown] = useState<FrameStatus>('loading');
  const grace = useRef<ReturnType<typeof setTimeout>>(undefined);

  const setStatus = useCallback(
    (next: FrameStatus) => {
      status.current = next;
      setShown(next);
      if (next === 'failed') onFailed();
    },
    [onFailed],
  );

  // A layout effect, so no submit between the new frame's commit and this sees the old frame's 'ready'.
  useLayoutEffect(() => {
    setStatus('loading');
    const limit = setTimeout(() => status.current === 'loading' && setStatus('failed'), LOAD_LIMIT_MS);
    return () => {
      clearTimeout(limit);
      clearTimeout(grace.current);
    };
  }, [frameKey, setStatus]);

  const onLoad = useCallback(() => {
    clearTimeout(grace.current);
    grace.current = setTimeout(() => status.current === 'loading' && setStatus('failed'), READY_AFTER_LOAD_MS);
  }, [setStatus]);

  const onReady = useCallback(() => {
    if (status.current !== 'ready') setStatus('ready');
  }, [setStatus]);

  const reload = useCallback(() => setLoads((count) => count + 1), []);
  const current = useCallback(() => status.current, []);

  return { status: current, shown, frameKey, onLoad, onReady, reload };
}
