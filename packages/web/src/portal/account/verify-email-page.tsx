import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ErrorSummary } from '../../shared/error-summary';
import { fieldProblems, problem, requestProblem, useProblems, type Problems } from '../form-parts';
import { VerifyEmailDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { useOutcomeFocus, usePageHeading } from './sign-in-pages';

/**
 * The page the verification email links to: `/verify-email?tenant=<slug>&token=...`. The address is confirmed by a
 * press of the button, not on opening: mail scanners open links (some run their pages), and that proves nothing.
 */
export function VerifyEmailPage() {
  const t = useT();
  const heading = usePageHeading(t('account.verify.heading'));
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [problems, setProblems] = useProblems((): Problems => (token ? {} : { '': problem('account.verify.noToken') }));
  const [done, setDone] = useState(false);
  const doneNotice = useOutcomeFocus(done);
  const [verify, { loading }] = useMutation(VerifyEmailDocument);

  async function confirm() {
    if (loading) return;
    try {
      const { data } = await verify({ variables: { input: { token } }, context: { anonymous: true } });
      const errors = data?.verifyEmail.userErrors ?? [];
      // A bad or used token, or an address taken meanwhile, is about the link: no field on this page.
      if (errors.length > 0) return setProblems(fieldProblems(errors, {}));
      setDone(true);
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('account.verify.heading')}
      </h1>
      {done ? (
        <p className="notice" role="status" tabIndex={-1} ref={doneNotice}>
          {t('account.verify.done')}
        </p>
      ) : (
        <>
          <ErrorSummary problems={problems} id="verify-email-summary" />
          <div className="card">
            <p>{t('account.verify.intro')}</p>
            <div className="actions">
              <button type="button" disabled={!token} aria-disabled={loading || undefined} onClick={() => void confirm()}>
                {t('account.verify.submit')}
              </button>
            </div>
          </div>
        </>
      )}
      <p>
        <AppLink to="/account">{t('account.verify.toAccount')}</AppLink>
      </p>
    </>
  );
}
