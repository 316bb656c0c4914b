import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import { navigate } from '../shared/navigation';
import { useErrorInTitle, usePageTitle } from '../shared/page-title';
import type { PageTenant } from '../shared/page-tenant';
import { ResetPasswordDocument, SignInDocument, SignOutDocument } from '../shared/session-operations';
import type { SessionStore } from '../shared/session-store';

const STAFF_ROLES = ['SUPPORT', 'ADMIN'];

/**
 * `/console/accept-invitation?tenant=<slug>&token=...`, where a staff
 * invitation email links: the new staff member sets a password with the
 * invitation's token (resetPassword), then is signed in with it and lands on
 * the console. The identifier is asked because the token alone says nothing
 * about who it is for, by design.
 */
export function AcceptInvitationPage({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<readonly string[]>(() => (token ? [] : [t('invite.noToken')]));
  const [reset, resetting] = useMutation(ResetPasswordDocument);
  const [signIn, signingIn] = useMutation(SignInDocument);
  const [signOut] = useMutation(SignOutDocument);
  const busy = resetting.loading || signingIn.loading;
  usePageTitle(t('invite.heading'));
  useErrorInTitle(problems.length > 0);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    if (problems.length > 0) summary.current?.focus();
  }, [problems]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = [...(identifier.trim() ? [] : [t(byUsername ? 'console.signIn.usernameRequired' : 'console.signIn.emailRequired')]), ...(password ? [] : [t('console.signIn.passwordRequired')])];
    if (missing.length > 0) return setProblems(missing);
    setProblems([]);
    try {
      const { data } = await reset({ variables: { input: { token, newPassword: password } }, context: { anonymous: true } });
      const errors = data?.resetPassword.userErrors ?? [];
      if (errors.length > 0) return setProblems(errors.map((error) => error.message));
      const { data: signedIn } = await signIn({ variables: { input: { identifier: identifier.trim(), password } }, context: { anonymous: true } });
      const result = signedIn?.login;
      if (!result?.session || !result.user) return setProblems([...(result?.userErrors ?? []).map((error) => error.message), t('invite.setButNotSignedIn')]);
      if (!result.user.roles.some((role) => STAFF_ROLES.includes(role))) {
        await signOut({ variables: { refreshToken: result.session.refreshToken }, context: { anonymous: true } }).catch(() => undefined);
        return setProblems([t('console.signIn.notStaff')]);
      }
      sessions.start(result.session, result.user);
      navigate('/console/board');
    } catch (error) {
      setProblems([(errorCode(error) === 'RATE_LIMITED' && errorMessage(error)) || t('common.loadFailed')]);
    }
  }

  const field = { identifier: `${ids}-identifier`, password: `${ids}-password` };
  return (
    <>
      <CityHeader tenant={tenant} appName={t('console.title')} />
      <main id="main" tabIndex={-1} className="narrow">
        <h1 tabIndex={-1} ref={heading}>
          {t('invite.heading')}
        </h1>
        <p>{t('invite.intro', { city: tenant.name })}</p>
        {problems.length > 0 && (
          <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby={`${ids}-summary`}>
            <h2 id={`${ids}-summary`}>{t('console.signIn.problem')}</h2>
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <form className="card" noValidate onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={field.identifier}>{t(byUsername ? 'console.signIn.username' : 'console.signIn.email')}</label>
            <input
              id={field.identifier}
              type={byUsername ? 'text' : 'email'}
              autoComplete={byUsername ? 'username' : 'email'}
              autoCapitalize="none"
              spellCheck={false}
              value={identifier}
              onChange={(event) => setIdentifier(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={field.password}>{t('invite.password')}</label>
            <p className="hint" id={`${field.password}-hint`}>
              {t('account.passwordHint')}
            </p>
            <input id={field.password} type="password" autoComplete="new-password" aria-describedby={`${field.password}-hint`} value={password} onChange={(event) => setPassword(event.target.value)} />
          </div>
          <button type="submit" disabled={busy || !token}>
            {t('invite.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
