import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { navigate } from '../../shared/navigation';
import { usePageTitle } from '../../shared/page-title';
import type { PageTenant } from '../../shared/page-tenant';
import { pageLocale } from '../../shared/i18n/translate';
import { ResetPasswordDocument, SignInDocument } from '../../shared/session-operations';
import type { SessionEnd, SessionStore } from '../../shared/session-store';
import type { MessageKey } from '../../shared/i18n/translate';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, useProblems, type Problem, type Problems } from '../form-parts';
import { RegisterDocument, RequestResetDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { identifierInput } from '../../shared/identifier-input';

/** A page's heading, `text`: in the document's title, and focused when the page opens (a screen reader announces it). */
export function usePageHeading(text: string) {
  usePageTitle(text);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return heading;
}

/**
 * The sentence that replaces a form once it has done what was asked: it takes the focus the form's field or button
 * had (gone with the form), so a screen reader reads it and the next Tab carries on from it, not from the top.
 */
export function useOutcomeFocus(shown: boolean) {
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (shown) outcome.current?.focus();
  }, [shown]);
  return outcome;
}

/** Sign in with the city's identifier (email at Norwalk, username at Norman). */
/** What the sign-in page says of how the last session ended. */
const SESSION_END_WORDS = {
  ended: 'account.signIn.sessionEnded',
  signedOutEverywhere: 'account.signIn.signedOutEverywhere',
  accountClosed: 'account.signIn.accountClosed',
  signedOut: 'account.signIn.signedOut',
} as const satisfies Record<SessionEnd, MessageKey>;

export function SignInPage({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const ids = useId();
  const heading = usePageHeading(t('account.signIn.heading'));
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const field = { identifier: `${ids}-identifier`, password: `${ids}-password` };
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useProblems();
  const [signIn, { loading }] = useMutation(SignInDocument);
  const { available, setLocale } = useLocale();
  const ended = sessions.howItEnded();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, Problem> = {};
    if (!identifier.trim()) missing[field.identifier] = problem(byUsername ? 'account.usernameRequired' : 'account.emailRequired');
    if (!password) missing[field.password] = problem('account.passwordRequired');
    setProblems(missing);
    if (Object.keys(missing).length > 0) return;
    try {
      const { data } = await signIn({ variables: { input: { identifier: identifier.trim(), password } }, context: { anonymous: true } });
      const result = data?.login;
      if (!result?.session || !result.user) return setProblems(fieldProblems(result?.userErrors ?? [], { identifier: field.identifier, password: field.password }));
      // No navigation here: shown at an account page whose session ended, the resident stays on that page; at /sign-in,
      // the account area goes on to /account.
      sessions.start(result.session, result.user);
      // Their account's language is that of their emails and of this site (Profile says so), whatever this device had.
      const theirs = pageLocale(result.user.locale);
      if (available.includes(theirs)) setLocale(theirs);
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('account.signIn.heading')}
      </h1>
      {ended && Object.keys(problems).length === 0 && (
        <p className="notice" role="status">
          {t(SESSION_END_WORDS[ended])}
        </p>
      )}
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          id={field.identifier}
          label={t(byUsername ? 'account.username' : 'account.email')}
          error={problems[field.identifier]}
          {...identifierInput(byUsername)}
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
        />
        <TextField
          id={field.password}
          label={t('account.password')}
          error={problems[field.password]}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className="actions">
          <button type="submit" disabled={loading}>
            {t(loading ? 'account.signIn.submitting' : 'account.signIn.submit')}
          </button>
        </div>
      </form>
      <ul className="plain-list">
        <li>
          <AppLink to="/forgot-password">{t('account.signIn.forgot')}</AppLink>
        </li>
        <li>
          <AppLink to="/register">{t('account.signIn.register')}</AppLink>
        </li>
        <li>
          <AppLink to="/">{t('account.signIn.guest')}</AppLink>
        </li>
      </ul>
    </>
  );
}

/** Registration: an email and password at Norwalk; username, name, email, phone and password at Norman. */
export function RegisterPage({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const heading = usePageHeading(t('account.register.heading'));
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const names = byUsername ? (['username', 'name', 'email', 'phone', 'password'] as const) : (['email', 'name', 'password'] as const);
  const field = Object.fromEntries(names.map((name) => [name, `${ids}-${name}`])) as Record<string, string>;
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useProblems();
  const [register, { loading }] = useMutation(RegisterDocument);
  const required = new Set<string>(byUsername ? ['username', 'name', 'email', 'phone', 'password'] : ['email', 'password']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, Problem> = {};
    for (const name of names) if (required.has(name) && !values[name]?.trim()) missing[field[name]!] = problem(`account.required.${name}`);
    setProblems(missing);
    if (Object.keys(missing).length > 0) return;
    const input = {
      ...Object.fromEntries(names.filter((name) => name !== 'password' && values[name]?.trim()).map((name) => [name, values[name]!.trim()])),
      password: values.password ?? '',
      locale: locale === 'es' ? ('ES' as const) : ('EN' as const),
    };
    try {
      const { data } = await register({ variables: { input }, context: { anonymous: true } });
      const result = data?.register;
      if (!result?.session || !result.user) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      sessions.start(result.session, result.user);
      navigate('/account');
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  const inputProps = (name: string) => ({
    id: field[name]!,
    error: problems[field[name]!],
    value: values[name] ?? '',
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
  });
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('account.register.heading')}
      </h1>
      <p>{t('account.register.intro')}</p>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        {byUsername && <TextField label={t('account.username')} autoComplete="username" autoCapitalize="none" spellCheck={false} {...inputProps('username')} />}
        <TextField label={t('account.email')} type="email" autoComplete="email" spellCheck={false} {...inputProps('email')} />
        <TextField label={t(byUsername ? 'account.name' : 'account.nameOptional')} autoComplete="name" {...inputProps('name')} />
        {byUsername && <TextField label={t('account.phone')} type="tel" autoComplete="tel" hint={t('account.phoneHint')} {...inputProps('phone')} />}
        <TextField label={t('account.newPassword')} type="password" autoComplete="new-password" hint={t('account.passwordHint')} {...inputProps('password')} />
        <div className="actions">
          <button type="submit" disabled={loading}>
            {t(loading ? 'account.register.submitting' : 'account.register.submit')}
          </button>
        </div>
      </form>
      <p>
        <AppLink to="/sign-in">{t('account.register.haveAccount')}</AppLink>
      </p>
    </>
  );
}

/** Asks for a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const ids = useId();
  const heading = usePageHeading(t('account.forgot.heading'));
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const field = `${ids}-identifier`;
  const [identifier, setIdentifier] = useState('');
  const [problems, setProblems] = useProblems();
  const [sent, setSent] = useState(false);
  const sentNotice = useOutcomeFocus(sent);
  const [request, { loading }] = useMutation(RequestResetDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!identifier.trim()) return setProblems({ [field]: problem(byUsername ? 'account.usernameRequired' : 'account.emailRequired') });
    setProblems({});
    try {
      const { data } = await request({ variables: { input: { identifier: identifier.trim() } }, context: { anonymous: true } });
      const errors = data?.requestPasswordReset.userErrors ?? [];
      if (errors.length > 0) return setProblems(fieldProblems(errors, { identifier: field }));
      setSent(true);
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('account.forgot.heading')}
      </h1>
      {sent ? (
        <p className="notice" role="status" tabIndex={-1} ref={sentNotice}>
          {t('account.forgot.sent')}
        </p>
      ) : (
        <>
          <p>{t('account.forgot.intro')}</p>
          <ErrorSummary problems={problems} id={`${ids}-summary`} />
          <form className="card" noValidate onSubmit={(event) => void submit(event)}>
            <TextField
              id={field}
              label={t(byUsername ? 'account.username' : 'account.email')}
              error={problems[field]}
              {...identifierInput(byUsername)}
              value={identifier}
              onChange={(event) => setIdentifier(event.target.value)}
            />
            <div className="actions">
              <button type="submit" disabled={loading}>
                {t('account.forgot.submit')}
              </button>
            </div>
          </form>
        </>
      )}
      <p>
        <AppLink to="/sign-in">{t('account.backToSignIn')}</AppLink>
      </p>
    </>
  );
}

/** The page the reset email links to: `/reset-password?tenant=<slug>&token=...`. */
export function ResetPasswordPage() {
  const t = useT();
  const ids = useId();
  const heading = usePageHeading(t('account.reset.heading'));
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const field = { newPassword: `${ids}-password`, token: `${ids}-token` };
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useProblems((): Problems => (token ? {} : { '': problem('account.reset.noToken') }));
  const [done, setDone] = useState(false);
  const doneNotice = useOutcomeFocus(done);
  const [reset, { loading }] = useMutation(ResetPasswordDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) return setProblems({ [field.newPassword]: problem('account.passwordRequired') });
    try {
      const { data } = await reset({ variables: { input: { token, newPassword: password } }, context: { anonymous: true } });
      const errors = data?.resetPassword.userErrors ?? [];
      // A bad or used token is no field on this page: it is about the link.
      if (errors.length > 0) return setProblems(fieldProblems(errors, { newPassword: field.newPassword }));
      setDone(true);
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('account.reset.heading')}
      </h1>
      {done ? (
        <>
          <p className="notice" role="status" tabIndex={-1} ref={doneNotice}>
            {t('account.reset.done')}
          </p>
          <p>
            <AppLink to="/sign-in">{t('account.signIn.submit')}</AppLink>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary problems={problems} id={`${ids}-summary`} />
          <form className="card" noValidate onSubmit={(event) => void submit(event)}>
            <TextField
              id={field.newPassword}
              label={t('account.newPassword')}
              hint={t('account.passwordHint')}
              error={problems[field.newPassword]}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <div className="actions">
              <button type="submit" disabled={loading || !token}>
                {t('account.reset.submit')}
              </button>
            </div>
          </form>
          {/* A link that has expired or been used can only be replaced, and the person may remember their password after all. */}
          <ul className="plain-list">
            <li>
              <AppLink to="/forgot-password">{t('account.reset.requestNew')}</AppLink>
            </li>
            <li>
              <AppLink to="/sign-in">{t('account.backToSignIn')}</AppLink>
            </li>
          </ul>
        </>
      )}
    </>
  );
}
