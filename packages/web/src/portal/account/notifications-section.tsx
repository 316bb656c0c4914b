import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AccountNotificationPreferencesQuery } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, useProblems } from '../form-parts';
import { NotificationPreferencesDocument, UpdateNotificationPreferencesDocument } from './account-operations';
import { PhoneConfirmation } from './phone-confirmation';

type Preferences = AccountNotificationPreferencesQuery['notificationPreferences'];

/**
 * The signed-in resident's message choices: autopay reminders by email, and
 * receipts and autopay failures by text as well, once the number is confirmed
 * with the code texted to it. Reminder emails link here ("Stop these
 * reminders"), so it sits on the profile page.
 */
export function NotificationsSection() {
  const t = useT();
  const ids = useId();
  // From the server each time: a one-click unsubscribe in an email changes them without this page knowing.
  const { data, error, refetch } = useQuery(NotificationPreferencesDocument, { fetchPolicy: 'network-only' });
  const preferences = data?.notificationPreferences;
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('account.notifications.heading')}</h2>
      {preferences ? <NotificationsForm preferences={preferences} /> : <NotLoaded failed={!!error} onRetry={() => void refetch()} />}
    </section>
  );
}

function NotificationsForm({ preferences }: { readonly preferences: Preferences }) {
  const t = useT();
  const ids = useId();
  const field = { autopayReminders: `${ids}-reminders`, billNotices: `${ids}-bills`, smsOptIn: `${ids}-sms`, smsPhone: `${ids}-sms-phone` };
  const [values, setValues] = useState({ autopayReminders: preferences.autopayReminders, billNotices: preferences.billNotices, smsOptIn: preferences.smsOptIn, smsPhone: preferences.smsPhone ?? '' });
  // As saved, which the typed values may not be yet: what waits for a code is the saved number.
  const [kept, setKept] = useState(preferences);
  const [problems, setProblems] = useProblems();
  const [said, setSaid] = useState<'saved' | 'savedWithCode' | 'confirmed' | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const [update, { loading }] = useMutation(UpdateNotificationPreferencesDocument);
  const awaitingCode = kept.smsOptIn && kept.smsPhone && !kept.smsPhoneConfirmed ? kept.smsPhone : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loading) return;
    setSaid(null);
    const smsPhone = values.smsPhone.trim();
    // The API reads an empty number as "remove it", which switches texts off: said here instead of saved silently.
    if (values.smsOptIn && !smsPhone) return setProblems({ [field.smsPhone]: problem('account.notifications.smsPhoneRequired') });
    try {
      // Texts off keeps the saved number, so switching them on again finds it filled in.
      const input = { autopayReminders: values.autopayReminders, billNotices: values.billNotices, smsOptIn: values.smsOptIn, ...(values.smsOptIn && { smsPhone }) };
      const { data } = await update({ variables: { input } });
      const result = data?.updateNotificationPreferences;
      if (!result?.preferences) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      // Saved, and maybe told why the number's code could not go (one sent a minute ago, the day's five, a number that
      // answered STOP): said at the number, and the news of the save says no code went.
      const codeNotSent = result.userErrors.length > 0;
      setProblems(codeNotSent ? fieldProblems(result.userErrors, field) : {});
      const now = result.preferences;
      setKept(now);
      setValues({ autopayReminders: now.autopayReminders, billNotices: now.billNotices, smsOptIn: now.smsOptIn, smsPhone: now.smsPhone ?? '' });
      setSaid(codeNotSent ? 'saved' : 'savedWithCode');
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  function confirmed() {
    setKept((current) => ({ ...current, smsPhoneConfirmed: true }));
    setSaid('confirmed');
  }
  // The code's form is gone, and the focus it had with it: the news of it takes the focus instead.
  useEffect(() => {
    if (said === 'confirmed') status.current?.focus();
  }, [said]);

  const statusText =
    said === 'confirmed'
      ? t('account.notifications.confirmed')
      : said === 'savedWithCode' && awaitingCode
        ? t('account.notifications.savedConfirmPhone', { phone: awaitingCode })
        : said
          ? t('account.notifications.saved')
          : '';

  const check = (name: 'autopayReminders' | 'billNotices' | 'smsOptIn') => (event: { target: { checked: boolean } }) => setValues((current) => ({ ...current, [name]: event.target.checked }));
  return (
    <>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <p role="status" tabIndex={-1} ref={status}>
        {statusText}
      </p>
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset className="field">
          <legend>{t('account.notifications.legend')}</legend>
          <p className="hint">{t('account.notifications.alwaysSent')}</p>
          <label className="choice">
            <input type="checkbox" id={field.autopayReminders} checked={values.autopayReminders} onChange={check('autopayReminders')} />
            {t('account.notifications.autopayReminders')}
          </label>
          <label className="choice">
            <input type="checkbox" id={field.billNotices} checked={values.billNotices} onChange={check('billNotices')} />
            {t('account.notifications.billNotices')}
          </label>
          <label className="choice">
            <input type="checkbox" id={field.smsOptIn} checked={values.smsOptIn} aria-controls={values.smsOptIn ? field.smsPhone : undefined} onChange={check('smsOptIn')} />
            {t('account.notifications.smsOptIn')}
          </label>
        </fieldset>
        {values.smsOptIn && (
          <TextField
            id={field.smsPhone}
            label={t('account.notifications.smsPhone')}
            type="tel"
            autoComplete="tel"
            required
            hint={t('account.notifications.smsPhoneHint')}
            error={problems[field.smsPhone]}
            value={values.smsPhone}
            onChange={(event) => setValues((current) => ({ ...current, smsPhone: event.target.value }))}
          />
        )}
        <div className="actions">
          {/* Busy, not disabled, while saving: a disabled button drops the focus of the keyboard user who pressed it. */}
          <button type="submit" aria-disabled={loading || undefined}>
            {t('account.notifications.save')}
          </button>
        </div>
      </form>
      {/* Keyed by the number: another number's form starts afresh, not with the code typed for the last and its error. */}
      {awaitingCode && <PhoneConfirmation key={awaitingCode} phone={awaitingCode} onConfirmed={confirmed} />}
    </>
  );
}
