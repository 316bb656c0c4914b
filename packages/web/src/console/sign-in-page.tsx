import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import { message, serverMessage, useMessageText, type Message } from '../shared/message';
import { useSaidInLocale } from '../shared/said-in-locale';
import type { PageTenant } from '../shared/page-tenant';
import { useErrorInTitle, usePageTitle } from '../shared/page-title';
import { pageHref } from '../shared/tenant-slug';
import { SignInDocument, SignOutDocument } from '../shared/session-operations';
import type { SessionStore } from '../shared/session-store';
import { identifierInput } from '../shared/identifier-input';
import { pageOwnProblems, wayInProblem } from './way-in-problems';

const STAFF_ROLES = ['SUPPORT', 'ADMIN'];

type Problems = {
  readonly identifier?: Message;
  readonly password?: Message;
  /** About the sign-in as a whole (wrong details, not staff, too many attempts). */
  readonly form?: Message;
  readonly notStaff?: boolean;
};

/** Issue 13 item 3: SUPPORT and ADMIN sign in with the city's identifier; anyone else is refused here. */
export function SignInPage({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const say = useMessageText();
  const ids = useId();
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useSaidInLocale<Problems>(() => ({}), pageOwnProblems);
  const [signIn, { loading }] = useMutation(SignInDocument);
  const [signOut] = useMutation(SignOutDocument);
  const summary = useRef<HTMLDivElement>(null);
  const ended = sessions.howItEnded();
  const hasProblems = Object.keys(problems).length > 0;

  usePageTitle(t('console.signIn.heading'));
  useErrorInTitle(hasProblems);
  useEffect(() => {
    if (hasProblems) summary.current?.focus();
  }, [problems, hasProblems]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Problems = {
      ...(identifier.trim() ? {} : { identifier: message(byUsername ? 'console.signIn.usernameRequired' : 'console.signIn.emailRequired') }),
      ...(password ? {} : { password: message('console.signIn.passwordRequired') }),
    };
    if (missing.identifier || missing.password) return setProblems(missing);
    setProblems({});

    try {
      const { data } = await signIn({ variables: { input: { identifier: identifier.trim(), password } }, context: { anonymous: true } });
      const result = data?.login;
      if (!result?.session || !result.user) {
        const userErrors = result?.userErrors ?? [];
        const onField = (name: string) => userErrors.find((e) => e.field.at(-1) === name);
        const identifierSaid = onField('identifier');
        const passwordSaid = onField('password');
        const rest = userErrors.filter((e) => !['identifier', 'password'].includes(e.field.at(-1) ?? ''));
        // One refusal about the form (wrong details, the usual one) in the page's own words where it has them.
        const form = rest.length === 1 ? wayInProblem(rest[0]!) : serverMessage(rest.map((e) => e.message).join(' '), 'common.loadFailed');
        return setProblems({
          ...(identifierSaid ? { identifier: wayInProblem(identifierSaid) } : {}),
          ...(passwordSaid ? { password: wayInProblem(passwordSaid) } : {}),
          ...(rest.length > 0 || !(identifierSaid || passwordSaid) ? { form } : {}),
        });
      }
      if (!result.user.roles.some((role) => STAFF_ROLES.includes(role))) {
        // A resident's valid sign-in: end the session it just opened, and say where residents go.
        await signOut({ variables: { refreshToken: result.session.refreshToken }, context: { anonymous: true } }).catch(() => undefined);
        setPassword('');
        return setProblems({ form: message('console.signIn.notStaff'), notStaff: true });
      }
      sessions.start(result.session, result.user);
    } catch (error) {
      setProblems({ form: serverMessage(errorCode(error) === 'RATE_LIMITED' ? errorMessage(error) : null, 'common.loadFailed') });
    }
  }

  const fieldIds = { identifier: `${ids}-identifier`, password: `${ids}-password` };
  const errorId = (name: 'identifier' | 'password') => `${fieldIds[name]}-error`;
  return (
    <>
      <CityHeader tenant={tenant} appName={t('console.title')} />
      <main id="main" tabIndex={-1} className="narrow">
        <h1>{t('console.signIn.heading')}</h1>
        <p>{t('console.signIn.intro', { city: tenant.name })}</p>
        {!hasProblems && ended && (
          <p className="notice" role="status">
            {t(ended === 'ended' ? 'console.signIn.sessionEnded' : ended === 'signedOutEverywhere' ? 'console.signIn.signedOutEverywhere' : 'console.signIn.signedOut')}
          </p>
        )}
        {hasProblems && (
          <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby={`${ids}-summary`}>
            <h2 id={`${ids}-summary`}>{t('console.signIn.problem')}</h2>
            <ul>
              {problems.identifier && (
                <li>
                  <a href={`#${fieldIds.identifier}`}>{say(problems.identifier)}</a>
                </li>
              )}
              {problems.password && (
                <li>
                  <a href={`#${fieldIds.password}`}>{say(problems.password)}</a>
                </li>
              )}
              {problems.form && <li>{say(problems.form)}</li>}
            </ul>
            {problems.notStaff && <a href={pageHref('/', location)}>{t('console.signIn.portalLink')}</a>}
          </div>
        )}
        <form className="card" noValidate onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={fieldIds.identifier}>{t(byUsername ? 'console.signIn.username' : 'console.signIn.email')}</label>
            {problems.identifier && (
              <p className="field-error" id={errorId('identifier')}>
                {say(problems.identifier)}
              </p>
            )}
            <input
              id={fieldIds.identifier}
              name={byUsername ? 'username' : 'email'}
              {...identifierInput(byUsername)}
              value={identifier}
              onChange={(event) => setIdentifier(event.target.value)}
              aria-invalid={problems.identifier ? true : undefined}
              aria-describedby={problems.identifier ? errorId('identifier') : undefined}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={fieldIds.password}>{t('console.signIn.password')}</label>
            {problems.password && (
              <p className="field-error" id={errorId('password')}>
                {say(problems.password)}
              </p>
            )}
            <input
              id={fieldIds.password}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={problems.password ? true : undefined}
              aria-describedby={problems.password ? errorId('password') : undefined}
              required
            />
          </div>
          <button type="submit" disabled={loading}>
            {t(loading ? 'console.signIn.submitting' : 'console.signIn.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
