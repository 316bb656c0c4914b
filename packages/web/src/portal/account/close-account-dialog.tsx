import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import { useT } from '../../shared/locale';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, requestProblem, useProblems } from '../form-parts';
import { CloseMyAccountDocument } from './account-operations';
import { ConfirmDialog } from './confirm-dialog';

/**
 * Asks before closing the resident's online account, saying what happens (payments stay on the city's record, Auto
 * Pay stops, saved cards and bank accounts are removed, the email may register again), with the password typed again:
 * the API refuses a closing without it. Focus starts on the password, the one thing asked; Escape and Cancel return it
 * to the opener. Once closed, every session has ended on the server, this one included (`onClosed` leaves the account
 * area).
 */
export function CloseAccountDialog({ onClose, onClosed }: { readonly onClose: () => void; readonly onClosed: () => void }) {
  const t = useT();
  const ids = useId();
  const passwordId = `${ids}-current-password`;
  const [currentPassword, setCurrentPassword] = useState('');
  const [problems, setProblems] = useProblems();
  const [closeAccount, { loading }] = useMutation(CloseMyAccountDocument);
  // One closing at a time: a second press (a double click) while one is on its way is ignored.
  const busy = useRef(false);

  async function confirm() {
    if (busy.current) return;
    busy.current = true;
    try {
      const { data } = await closeAccount({ variables: { input: { currentPassword } } });
      const errors = data?.closeMyAccount.userErrors ?? [];
      if (data && errors.length === 0) return onClosed();
      // The summary takes the focus and links to the password, where a wrong one is said.
      setProblems(fieldProblems(errors, { currentPassword: passwordId }));
    } catch (error) {
      setProblems(requestProblem(error));
    } finally {
      busy.current = false;
    }
  }

  const description = (
    <>
      <p>{t('account.close.what')}</p>
      <ul>
        <li>{t('account.close.payments')}</li>
        <li>{t('account.close.autopay')}</li>
        <li>{t('account.close.methods')}</li>
        <li>{t('account.close.email')}</li>
      </ul>
    </>
  );
  return (
    <ConfirmDialog title={t('account.close.title')} description={description} busy={() => busy.current} onClose={onClose} onSubmit={() => void confirm()}>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <TextField
        id={passwordId}
        data-autofocus
        label={t('account.profile.currentPassword')}
        type="password"
        autoComplete="current-password"
        error={problems[passwordId]}
        value={currentPassword}
        onChange={(event) => setCurrentPassword(event.target.value)}
      />
      <div className="actions">
        {/* Busy, not disabled: a disabled button drops the focus of the keyboard user who pressed it. */}
        <button type="submit" aria-disabled={loading || undefined}>
          {loading ? t('account.close.working') : t('account.close.confirm')}
        </button>
        <button type="button" className="secondary" onClick={() => !busy.current && onClose()}>
          {t('account.close.cancel')}
        </button>
      </div>
    </ConfirmDialog>
  );
}
