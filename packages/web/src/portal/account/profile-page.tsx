import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import type { AccountViewerQuery } from '../../gql/graphql';
import { pageLocale } from '../../shared/i18n/translate';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import type { PageTenant } from '../../shared/page-tenant';
import { ErrorSummary } from '../../shared/error-summary';
import { useSignOutEverywhere } from '../../shared/sign-out-everywhere';
import { TextField, fieldProblems, requestProblem, useProblems } from '../form-parts';
import { UpdateProfileDocument, ViewerAccountsDocument } from './account-operations';
import { NotLoaded } from '../../shared/not-loaded';
import { NotificationsSection } from './notifications-section';
import { EmailToProve } from './email-to-prove';
import { CloseAccountDialog } from './close-account-dialog';

type User = NonNullable<AccountViewerQuery['viewer']>['user'];

/** Name, email, phone and the language of emails and of this page; then which messages the resident gets; signing out everywhere; closing the account. */
export function ProfilePage({ tenant, onSignedOutEverywhere, onAccountClosed }: { readonly tenant: PageTenant; readonly onSignedOutEverywhere: () => void; readonly onAccountClosed: () => void }) {
  const t = useT();
  usePageTitle(t('account.profile.heading'));
  const { data, error, refetch } = useQuery(ViewerAccountsDocument);
  const user = data?.viewer?.user;
  return (
    <>
      <h1 tabIndex={-1}>{t('account.profile.heading')}</h1>
      {user ? <ProfileForm tenant={tenant} user={user} /> : <NotLoaded failed={!!error} onRetry={() => void refetch()} />}
      <NotificationsSection />
      <SignOutEverywhere onDone={onSignedOutEverywhere} />
      <CloseAccount onClosed={onAccountClosed} />
    </>
  );
}

/** Closing the online account (moving away, or no longer wanting one): what it means is said in the dialog, which asks for the password. */
function CloseAccount({ onClosed }: { readonly onClosed: () => void }) {
  const t = useT();
  const headingId = useId();
  const [asking, setAsking] = useState(false);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('account.close.heading')}</h2>
      <div className="card">
        <p>{t('account.close.intro')}</p>
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          {t('account.close.open')}
        </button>
      </div>
      {asking && <CloseAccountDialog onClose={() => setAsking(false)} onClosed={onClosed} />}
    </section>
  );
}

/** Ends every session of the resident, this one included: a lost phone, a shared computer left signed in. */
function SignOutEverywhere({ onDone }: { readonly onDone: () => void }) {
  const t = useT();
  const headingId = useId();
  const { submit, loading, failed } = useSignOutEverywhere(onDone);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('account.profile.everywhere.heading')}</h2>
      <div className="card">
        <p>{t('account.profile.everywhere.intro')}</p>
        {/* Put in only when it has something to say: an alert is read out as it appears. */}
        {failed && (
          <p role="alert" className="field-error">
            {t('account.profile.everywhere.failed')}
          </p>
        )}
        {/* Busy, not disabled, while asking: a disabled button drops the focus of the keyboard user who pressed it. */}
        <button type="button" aria-disabled={loading || undefined} onClick={() => void submit()}>
          {t('account.profile.everywhere.submit')}
        </button>
      </div>
    </section>
  );
}

function ProfileForm({ tenant, user }: { readonly tenant: PageTenant; readonly user: User }) {
  const t = useT();
  const { setLocale } = useLocale();
  const ids = useId();
  const field = { name: `${ids}-name`, email: `${ids}-email`, phone: `${ids}-phone`, locale: `${ids}-locale`, currentPassword: `${ids}-current-password` };
  const [values, setValues] = useState({ name: user.name ?? '', email: user.email ?? '', phone: user.phone ?? '', locale: user.locale, currentPassword: '' });
  // A new email needs the current password (the API refuses it without one).
  const emailChanges = values.email.trim().toLowerCase() !== (user.email ?? '');
  const [problems, setProblems] = useProblems();
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(UpdateProfileDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loading) return;
    setSaved(false);
    try {
      const input = {
        name: values.name.trim() || null,
        email: values.email.trim() || null,
        phone: values.phone.trim() || null,
        locale: values.locale,
        ...(emailChanges && { currentPassword: values.currentPassword }),
      };
      const { data } = await update({ variables: { input } });
      const result = data?.updateProfile;
      if (!result?.user) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      setProblems({});
      // A new email is only asked for: the account keeps its address until the link sent to the new one is followed.
      setValues((current) => ({ ...current, email: result.user?.email ?? '', currentPassword: '' }));
      setSaved(true);
      setLocale(pageLocale(result.user.locale));
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  return (
    <>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <p role="status">{saved ? t('account.profile.saved') : ''}</p>
      <EmailToProve user={user} />
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        {user.username && (
          <p>
            {t('account.username')}: <strong>{user.username}</strong>
          </p>
        )}
        <TextField id={field.name} label={t('account.name')} autoComplete="name" error={problems[field.name]} value={values.name} onChange={set('name')} />
        <TextField id={field.email} label={t('account.email')} type="email" autoComplete="email" error={problems[field.email]} value={values.email} onChange={set('email')} />
        {emailChanges && (
          <TextField
            id={field.currentPassword}
            label={t('account.profile.currentPassword')}
            type="password"
            autoComplete="current-password"
            hint={t('account.profile.currentPasswordHint')}
            error={problems[field.currentPassword]}
            value={values.currentPassword}
            onChange={set('currentPassword')}
          />
        )}
        <TextField id={field.phone} label={t('account.phone')} type="tel" autoComplete="tel" hint={t('account.phoneHint')} error={problems[field.phone]} value={values.phone} onChange={set('phone')} />
        {tenant.locales.length > 1 && (
          <div className="field">
            <label htmlFor={field.locale}>{t('account.profile.language')}</label>
            <select id={field.locale} value={values.locale} onChange={set('locale')}>
              {tenant.locales.map((locale) => (
                <option key={locale} value={locale} lang={pageLocale(locale)}>
                  {t(`common.languageName.${pageLocale(locale)}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="actions">
          {/* Busy, not disabled, while saving: a disabled button drops the focus of the keyboard user who pressed it. */}
          <button type="submit" aria-disabled={loading || undefined}>
            {t('account.profile.save')}
          </button>
        </div>
      </form>
    </>
  );
}
