import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useT } from './locale';
import { useModalDialog } from './modal-dialog';
import { SignOutDocument } from './session-operations';
import type { SessionStore } from './session-store';
import { SESSION_WARNING_MS } from './session-timing';

/** setTimeout fires at once past 2^31 - 1 ms (24.8 days), shorter than a session: longer waits are taken in steps. */
const LONGEST_TIMER_MS = 2_000_000_000;

/**
 * WCAG 2.2.1 (timing adjustable): a session ends a set time after sign-in however busy its person is, so before it
 * does, a modal alert dialog says when and offers Stay signed in (focused: Enter keeps working) or Sign out. Stay
 * signed in, or Escape (someone dismissing the warning means to go on), moves the session's end a whole lifetime on
 * and puts focus back where it was; left unanswered, the session ends when it said, and the sign-in page says so.
 * The time left is in the dialog's description, read as it opens, not in a live region counting every second.
 */
export function SessionEndingWarning({ sessions }: { readonly sessions: SessionStore }) {
  const session = useSyncExternalStore(sessions.subscribe, sessions.current);
  const end = session?.sessionLocalEnd ?? null;
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (end === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      if (at >= end) return sessions.end('ended');
      const untilWarning = end - SESSION_WARNING_MS - at;
      // Within the warning: each second, for the time it says; before it, when it begins.
      timer = setTimeout(tick, untilWarning > 0 ? Math.min(untilWarning, LONGEST_TIMER_MS) : 1000 - (at % 1000) || 1000);
    };
    tick();
    return () => clearTimeout(timer);
  }, [end, sessions]);

  if (end === null || end - now > SESSION_WARNING_MS || now >= end) return null;
  return <WarningDialog sessions={sessions} msLeft={end - now} />;
}

function WarningDialog({ sessions, msLeft }: { readonly sessions: SessionStore; readonly msLeft: number }) {
  const t = useT();
  const ids = useId();
  const stay = useRef<HTMLButtonElement>(null);
  const dialog = useModalDialog(() => stay.current);
  const troubleText = useRef<HTMLParagraphElement>(null);
  const [signOut] = useMutation(SignOutDocument);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (failed) troubleText.current?.focus();
  }, [failed]);

  async function staySignedIn() {
    if (busy) return;
    setBusy(true);
    setFailed(false);
    // Extended, the session's new end closes this dialog; ended (the server refused), the sign-in page says so.
    const extended = await sessions.extend().catch(() => undefined);
    if (extended === undefined) {
      setFailed(true);
      setBusy(false);
    }
  }

  async function leave() {
    const refreshToken = sessions.current()?.refreshToken;
    // Locally signed out whatever the server says: the person asked to leave.
    await signOut({ variables: { refreshToken } }).catch(() => undefined);
    sessions.end('signedOut');
  }

  const seconds = Math.ceil(msLeft / 1000);
  const time = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      className="modal-dialog confirm-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-description`}
      onCancel={(event) => {
        event.preventDefault();
        void staySignedIn();
      }}
    >
      <h2 id={`${ids}-title`}>{t('session.ending.title')}</h2>
      <p id={`${ids}-description`}>{t('session.ending.body', { time })}</p>
      {failed && (
        <p className="field-error" role="alert" tabIndex={-1} ref={troubleText}>
          {t('session.ending.failed')}
        </p>
      )}
      <div className="actions">
        {/* Busy, not disabled: a disabled button drops the focus of the keyboard user who pressed it. */}
        <button type="button" ref={stay} aria-disabled={busy || undefined} onClick={() => void staySignedIn()}>
          {t('session.ending.stay')}
        </button>
        <button type="button" className="secondary" onClick={() => void leave()}>
          {t('session.ending.signOut')}
        </button>
      </div>
    </dialog>
  );
}
