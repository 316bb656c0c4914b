import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../shared/locale';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, useProblems } from '../form-parts';
import { ConfirmSmsPhoneDocument, SendSmsPhoneCodeDocument } from './account-operations';

/**
 * Texts go only to a number its resident proved is theirs: saving one texts
 * it a code, entered here. "Text me a new code" for a code lost, expired or
 * tried too often (the server allows one a minute and five a day, and says so).
 */
export function PhoneConfirmation({ phone, onConfirmed }: { readonly phone: string; readonly onConfirmed: () => void }) {
  const t = useT();
  const ids = useId();
  const field = { code: `${ids}-code` };
  const [code, setCode] = useState('');
  const [problems, setProblems] = useProblems();
  const [resent, setResent] = useState(false);
  const [confirm, confirming] = useMutation(ConfirmSmsPhoneDocument);
  const [sendCode, sending] = useMutation(SendSmsPhoneCodeDocument);
  const busy = confirming.loading || sending.loading;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setResent(false);
    if (!code.trim()) return setProblems({ [field.code]: problem('account.notifications.codeRequired') });
    try {
      const { data } = await confirm({ variables: { code } });
      const result = data?.confirmSmsPhone;
      if (!result?.preferences?.smsPhoneConfirmed) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      setProblems({});
      onConfirmed();
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  async function newCode() {
    if (busy) return;
    setResent(false);
    try {
      const { data } = await sendCode();
      const result = data?.sendSmsPhoneCode;
      if (!result?.preferences) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      setProblems({});
      setCode('');
      setResent(true);
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h3 id={`${ids}-heading`}>{t('account.notifications.confirmHeading')}</h3>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <p role="status">{resent ? t('account.notifications.codeSent', { phone }) : ''}</p>
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          id={field.code}
          label={t('account.notifications.code')}
          hint={t('account.notifications.confirmIntro', { phone })}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          error={problems[field.code]}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <div className="actions">
          {/* Busy, not disabled: a disabled button drops the focus of the keyboard user who pressed it. */}
          <button type="submit" aria-disabled={busy || undefined}>
            {t('account.notifications.confirm')}
          </button>
          <button type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => void newCode()}>
            {t('account.notifications.sendCode')}
          </button>
        </div>
      </form>
    </section>
  );
}
