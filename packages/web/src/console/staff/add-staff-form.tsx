import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { StaffRole } from '../../gql/graphql';
import { errorCode, errorMessage } from '../../shared/api';
import { Field } from '../../shared/field';
import { useLocale, useT } from '../../shared/locale';
import { isServerWords, message, serverMessage, useMessageText, type Message } from '../../shared/message';
import type { PageTenant } from '../../shared/page-tenant';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { useErrorInTitle } from '../../shared/page-title';
import { isAnswer } from '../accounts/problems-from';
import { RoleChoices } from './role-choices';
import { CreateStaffUserDocument, StaffUsersDocument } from './staff-operations';
import { withMember } from './staff-rows';

type FieldName = 'name' | 'email' | 'username' | 'role';
type Problems = Readonly<Partial<Record<FieldName | 'form', Message>>>;

const FIELDS: readonly FieldName[] = ['name', 'email', 'username', 'role'];

/**
 * The problems still true once the page's language changes: the page's own, which follow the switch. The API's words
 * (in the language Add was pressed in) are dropped, as Add is not pressed again to hear them anew: it emails someone.
 */
function pageOwnProblems(said: Problems): Problems {
  const pageOwn = Object.entries(said).filter(([, each]) => !isServerWords(each));
  return pageOwn.length === Object.keys(said).length ? said : Object.fromEntries(pageOwn);
}

/**
 * Adding a staff member: name, email (where the invitation goes), username
 * where the city signs in by username, and role (SUPPORT unless ADMIN is
 * chosen: the fewer rights by default). What is missing is said before
 * sending; what the API refuses is said at its field, all at once, in a
 * summary that takes focus. The new member joins the list at once.
 */
export function AddStaffForm({ tenant, onAdded, onUnsure }: { readonly tenant: PageTenant; readonly onAdded: (message: Message) => void; readonly onUnsure: () => void }) {
  const t = useT();
  const say = useMessageText();
  const { locale } = useLocale();
  const ids = useId();
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const [values, setValues] = useState({ name: '', email: '', username: '' });
  const [role, setRole] = useState<StaffRole>('SUPPORT');
  const [problems, setProblems] = useSaidInLocale<Problems>(() => ({}), pageOwnProblems);
  const summary = useRef<HTMLDivElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const busy = useRef(false);
  const [create, { loading }] = useMutation(CreateStaffUserDocument, {
    update(cache, { data }) {
      const added = data?.createStaffUser.user;
      if (!added) return;
      const collator = new Intl.Collator(locale);
      cache.updateQuery({ query: StaffUsersDocument }, (shown) => shown && { staffUsers: withMember(shown.staffUsers, added, collator) });
    },
  });
  const hasProblems = Object.keys(problems).length > 0;
  const fieldId = (name: FieldName) => `${ids}-${name}`;

  useErrorInTitle(hasProblems);
  useEffect(() => {
    if (hasProblems) summary.current?.focus();
  }, [problems, hasProblems]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy.current) return;
    const input = { name: values.name.trim(), email: values.email.trim(), username: byUsername ? values.username.trim() : null, role };
    const missing: Partial<Record<FieldName, Message>> = {};
    if (!input.name) missing.name = message('console.staff.nameRequired');
    if (!input.email) missing.email = message('console.staff.emailRequired');
    if (byUsername && !input.username) missing.username = message('console.staff.usernameRequired');
    if (Object.keys(missing).length > 0) return setProblems(missing);

    busy.current = true;
    setProblems({});
    try {
      const { data } = await create({ variables: { input } });
      const result = data?.createStaffUser;
      if (result?.user) {
        setValues({ name: '', email: '', username: '' });
        setRole('SUPPORT');
        onAdded(message('console.staff.added', { name: input.name, role: message(`console.role.${role}`), email: result.user.email ?? input.email }));
        firstField.current?.focus();
        return;
      }
      const found: Partial<Record<FieldName | 'form', Message>> = {};
      for (const problem of result?.userErrors ?? []) {
        const at = problem.field.at(-1);
        const field = FIELDS.find((name) => name === at) ?? 'form';
        // The API's words for a taken email speak to a resident registering; here an ADMIN needs to know why.
        const said = problem.code === 'EMAIL_TAKEN' ? message('console.staff.emailTaken') : { text: problem.message };
        const before = found[field];
        found[field] = before ? { text: `${say(before)} ${say(said)}` } : said;
      }
      setProblems(Object.keys(found).length > 0 ? found : { form: message('console.staff.notSent') });
    } catch (error) {
      if (isAnswer(errorCode(error))) setProblems({ form: serverMessage(errorMessage(error), 'console.staff.notSent') });
      else {
        // No answer: they may have been added (and emailed) all the same. The list, read again, says whether.
        setProblems({ form: message('console.staff.addUnknown', { name: input.name }) });
        onUnsure();
      }
    } finally {
      busy.current = false;
    }
  }

  const text = (name: 'name' | 'email' | 'username') => ({
    value: values[name],
    onChange: (event: { target: { value: string } }) => setValues((before) => ({ ...before, [name]: event.target.value })),
  });

  return (
    <section className="staff-add" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('console.staff.addHeading')}</h2>
      <p>{t('console.staff.addIntro')}</p>
      {hasProblems && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby={`${ids}-summary`}>
          <h3 id={`${ids}-summary`}>{t('console.signIn.problem')}</h3>
          <ul>
            {FIELDS.map(
              (name) =>
                problems[name] && (
                  <li key={name}>
                    <a href={`#${fieldId(name)}`}>{say(problems[name])}</a>
                  </li>
                ),
            )}
            {problems.form && <li>{say(problems.form)}</li>}
          </ul>
        </div>
      )}
      <form className="card narrow" noValidate onSubmit={(event) => void submit(event)}>
        <Field id={fieldId('name')} label={t('console.staff.name')} error={problems.name && say(problems.name)}>
          {(control) => <input {...control} ref={firstField} name="name" autoComplete="off" {...text('name')} />}
        </Field>
        <Field id={fieldId('email')} label={t('console.staff.email')} hint={t('console.staff.emailHint')} error={problems.email && say(problems.email)}>
          {(control) => <input {...control} name="email" type="email" autoComplete="off" autoCapitalize="none" spellCheck={false} {...text('email')} />}
        </Field>
        {byUsername && (
          <Field id={fieldId('username')} label={t('console.staff.username')} hint={t('console.staff.usernameHint')} error={problems.username && say(problems.username)}>
            {(control) => <input {...control} name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} {...text('username')} />}
          </Field>
        )}
        <fieldset className="field" id={fieldId('role')} aria-describedby={problems.role ? `${fieldId('role')}-error` : undefined}>
          <legend>{t('console.staff.role')}</legend>
          {problems.role && (
            <p className="field-error" id={`${fieldId('role')}-error`}>
              {say(problems.role)}
            </p>
          )}
          <RoleChoices role={role} onChange={setRole} />
        </fieldset>
        <button type="submit" aria-disabled={loading || undefined}>
          {t(loading ? 'console.staff.adding' : 'console.staff.add')}
        </button>
      </form>
    </section>
  );
}
