import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, type FormEvent } from 'react';
import type { AccountStatus } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { useModalDialog } from '../../shared/modal-dialog';
import { isServerWords, problem, thrownProblem, useProblemText, type Problem } from '../form-parts';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { UnlinkAccountDocument } from './account-operations';

export interface UnlinkedAccount {
  readonly id: string;
  readonly accountNumber: string;
  readonly status: AccountStatus;
  /** Auto Pay the viewer set up for it (the API shows its method to the enroller only), which unlinking ends. */
  readonly ownAutopay: boolean;
}

/** The server's words go once the page's language changes; the page's own message follows it. */
const troubleInLocale = (said: Problem | null): Problem | null => (said && isServerWords(said) ? null : said);

/**
 * Asks before unlinking an account, saying what goes with the link: the account leaves the list, the viewer's Auto Pay
 * of it stops, and a closed one cannot be linked again. A modal <dialog>: the browser keeps focus inside and Escape
 * cancels. Focus starts on Cancel, as linking again takes the city's proof, and goes back to the opener on Cancel;
 * once unlinked the opener is gone with the account, and the page says so (`onUnlinked`).
 */
export function UnlinkAccountDialog({ account, onClose, onUnlinked }: { readonly account: UnlinkedAccount; readonly onClose: () => void; readonly onUnlinked: () => Promise<void> }) {
  const t = useT();
  const say = useProblemText();
  const ids = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useModalDialog(() => cancel.current);
  const troubleText = useRef<HTMLParagraphElement>(null);
  const [unlink, { loading }] = useMutation(UnlinkAccountDocument);
  const [trouble, setTrouble] = useSaidInLocale<Problem | null>(() => null, troubleInLocale);
  // One unlinking at a time: a second press (a double click) while one is on its way is ignored.
  const busy = useRef(false);

  useEffect(() => {
    if (trouble) troubleText.current?.focus();
  }, [trouble]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setTrouble(null);
    try {
      const { data } = await unlink({ variables: { serviceAccountId: account.id } });
      // Not linked (any more) is what was asked for: a retry after a lost answer, or another tab that unlinked it first.
      const errors = (data?.unlinkServiceAccount.userErrors ?? []).filter((error) => error.code !== 'ACCOUNT_NOT_LINKED');
      if (!data || errors.length > 0) return setTrouble(errors.length > 0 ? { text: errors.map((error) => error.message).join(' ') } : problem('account.unlink.failed'));
      await onUnlinked();
    } catch (error) {
      const said = thrownProblem(error);
      setTrouble(isServerWords(said) ? said : problem('account.unlink.failed'));
    } finally {
      busy.current = false;
    }
  }

  return (
    <dialog
      ref={dialog}
      className="modal-dialog confirm-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-description`}
      onCancel={(event) => {
        // Escape: closed through the page's state, so the dialog unmounts (and focus returns) as with Cancel.
        event.preventDefault();
        if (!busy.current) onClose();
      }}
    >
      <form noValidate onSubmit={(event) => void confirm(event)}>
        <h2 id={`${ids}-title`}>{t('account.unlink.title', { number: account.accountNumber })}</h2>
        <div id={`${ids}-description`}>
          <p>{t('account.unlink.what')}</p>
          {account.ownAutopay && (
            <p>
              <strong>{t('account.unlink.ownAutopay')}</strong>
            </p>
          )}
          <p>{t(account.status === 'CLOSED' ? 'account.unlink.closed' : 'account.unlink.relink')}</p>
        </div>
        {trouble && (
          <p className="field-error" role="alert" tabIndex={-1} ref={troubleText}>
            {say(trouble)}
          </p>
        )}
        <div className="actions">
          {/* Busy, not disabled: a disabled button drops the focus of the keyboard user who pressed it. */}
          <button type="submit" aria-disabled={loading || undefined}>
            {loading ? t('account.unlink.working') : t('account.unlink.button', { number: account.accountNumber })}
          </button>
          <button type="button" className="secondary" ref={cancel} onClick={() => !busy.current && onClose()}>
            {t('account.unlink.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
