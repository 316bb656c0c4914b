import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { CityHeader } from '../shared/city-header';
import { ErrorSummary } from '../shared/error-summary';
import { Field } from '../shared/field';
import { useT } from '../shared/locale';
import { isServerWords, message, serverMessage, useMessageText, type Message } from '../shared/message';
import { useSaidInLocale } from '../shared/said-in-locale';
import { navigate } from '../shared/navigation';
import { usePageTitle } from '../shared/page-title';
import type { PageTenant } from '../shared/page-tenant';
import { ResetPasswordDocument, SignInDocument, SignOutDocument } from '../shared/session-operations';
import type { SessionStore } from '../shared/session-store';
import { identifierInput } from '../shared/identifier-input';
import { pageOwnProblems, wayInProblem } from './way-in-problems';

const STAFF_ROLES = ['SUPPORT', 'ADMIN'];

/** Problems by field id, "" for the invitation as a whole (as ErrorSummary lists them). */
type Problems = Readonly<Record<string, Message>>;

/** userErrors at this page's fields (`fields`: the last part of an error's path to a field id); the rest about the form (""). */
function problemsAt(errors: readonly { readonly field: readonly string[]; readonly code: string; readonly message: string }[], fields: Readonly<Record<string, string>>): Record<string, Message> {
  const byId = new Map<string, Message[]>();
  for (const error of errors) {
    const id = fields[error.field.at(-1) ?? ''] ?? '';
    byId.set(id, [...(byId.get(id) ?? []), wayInProblem(error)]);
  }
  // Several at one field are the server's words run together; one alone may be the page's own (wayInProblem).
  return Object.fromEntries([...byId].map(([id, said]) => [id, said.length === 1 ? said[0]! : { text: said.map((each) => ('text' in each ? each.text : '')).join(' ') }]));
}

/**
 * `/console/accept-invitation?tenant=<slug>&token=...`, where a staff
 * invitation email links: the new staff member sets a password with the
 * invitation's token (resetPassword), then is signed in with it and lands on
 * the console. The identifier is asked because the token alone says nothing
 * about who it is for, by design. A problem with a field is said at the field
 * (its error, aria-invalid) as well as in the summary.
 */
export function AcceptInvitationPage({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const say = useMessageText();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const field = { identifier: `${ids}-identifier`, password: `${ids}-password` };
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useSaidInLocale<Problems>((): Problems => (token ? {} : { '': message('invite.noToken') }), pageOwnProblems);
  const [reset, resetting] = useMutation(ResetPasswordDocument);
  const [signIn, signingIn] = useMutation(SignInDocument);
  const [signOut] = useMutation(SignOutDocument);
  const busy = resetting.loading || signingIn.loading;
  usePageTitle(t('invite.heading'));
  useEffect(() => {
    // Without a token the summary saying so takes the focus instead (ErrorSummary).
    if (token) heading.current?.focus();
  }, [token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, Message> = {};
    if (!identifier.trim()) missing[field.identifier] = message(byUsername ? 'console.signIn.usernameRequired' : 'console.signIn.emailRequired');
    if (!password) missing[field.password] = message('console.signIn.passwordRequired');
    if (Object.keys(missing).length > 0) return setProblems(missing);
    setProblems({});
    try {
      const { data } = await reset({ variables: { input: { token, newPassword: password } }, context: { anonymous: true } });
      const errors = data?.resetPassword.userErrors ?? [];
      // The city's password rules are about the password typed; a used or expired token is about the link.
      if (errors.length > 0) return setProblems(problemsAt(errors, { newPassword: field.password }));
      const { data: signedIn } = await signIn({ variables: { input: { identifier: identifier.trim(), password } }, context: { anonymous: true } });
      const result = signedIn?.login;
      if (!result?.session || !result.user) {
        // The password is set either way: the form as a whole says so, after the server's words that are not about a field.
        const { '': rest, ...atFields } = problemsAt(result?.userErrors ?? [], { identifier: field.identifier, password: field.password });
        return setProblems({
          ...atFields,
          '': !rest ? message('invite.setButNotSignedIn') : isServerWords(rest) ? { text: `${rest.text} ${t('invite.setButNotSignedIn')}` } : message('invite.refusedButSet', { refusal: rest }),
        });
      }
      if (!result.user.roles.some((role) => STAFF_ROLES.includes(role))) {
        await signOut({ variables: { refreshToken: result.session.refreshToken }, context: { anonymous: true } }).catch(() => undefined);
        return setProblems({ '': message('console.signIn.notStaff') });
      }
      sessions.start(result.session, result.user);
      navigate('/console/board');
    } catch (error) {
      setProblems({ '': serverMessage(errorCode(error) === 'RATE_LIMITED' ? errorMessage(error) : null, 'common.loadFailed') });
    }
  }

  const errorAt = (id: string) => {
    const at = problems[id];
    return at && say(at);
  };
  return (
    <>
      <CityHeader tenant={tenant} appName={t('console.title')} />
      <main id="main" tabIndex={-1} className="narrow">
        <h1 tabIndex={-1} ref={heading}>
          {t('invite.heading')}
        </h1>
        <p>{t('invite.intro', { city: tenant.name })}</p>
        <ErrorSummary problems={problems} id={`${ids}-summary`} />
        <form className="card" noValidate onSubmit={(event) => void submit(event)}>
          <Field id={field.identifier} label={t(byUsername ? 'console.signIn.username' : 'console.signIn.email')} error={errorAt(field.identifier)}>
            {(control) => <input {...control} {...identifierInput(byUsername)} value={identifier} onChange={(event) => setIdentifier(event.target.value)} />}
          </Field>
          <Field id={field.password} label={t('invite.password')} hint={t('account.passwordHint')} error={errorAt(field.password)}>
            {(control) => <input {...control} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
          </Field>
          <button type="submit" disabled={busy || !token}>
            {t('invite.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
