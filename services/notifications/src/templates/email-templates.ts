import { CARD_BRANDS, formatLocalDate, isIsoDate, maskedAccountSaid, methodSaid, translate, type CardBrand, type Locale, type MessageKey } from '@platform/core';
import { cityName } from '@platform/tenants';
import { counterVoidParams } from './counter-void';
import { dateTimeFormatFor } from './format';
import { layoutEmail, type EmailBlock } from './email-layout';
import { owedAgainSentences, paymentDisputedSentences, paymentReturnedSentences } from './given-back';
import type { RenderInput, RenderedEmail } from './rendered-message';
import { autopayDateSaid, billSaid } from './bill-said';
import { isEcheck } from './echeck-method';
import { PAPERLESS_END_REASONS } from '../paperless/paperless-end-reasons';
import { withMasksAsShownNow } from './stored-masks';

/*
 * One template per outbox kind, each in the recipient's language with the
 * city's name, logo and colours. Amounts arrive already written for the
 * language (the queuing service formatted them); dates are formatted here,
 * instants in the city's time zone. Links point at the gateway's public
 * address with the city named, so one link works whatever host sent it.
 */
export function renderEmail(stored: RenderInput): RenderedEmail {
  const input = { ...stored, data: withMasksAsShownNow(stored.data, stored.locale) };
  const { data, locale, tenant } = input;
  const city = cityName(tenant.settings, locale);
  const t = (key: MessageKey, params: Record<string, string> = {}) => translate(locale, key, { city, ...params });
  // No name in a reset, a password or an email changed: registering does not prove the address, so the name is
  // whatever the registrant typed, and a stranger's words would open the city's own email above a genuine link
  // (one queued with a name before these were queued without, or a resend of it, too). An invitation's name and
  // address were both typed by the city's ADMIN.
  const greeting = t('email.greetingNoName');
  switch (input.template) {
    case 'PASSWORD_RESET': {
      const link = pageLink(input, '/reset-password', data.token ?? '');
      const expires = formatInstant(data.expiresAt, locale, tenant.settings.timeZone);
      return layoutEmail(input, t('email.passwordReset.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.passwordReset.body', { expires }) },
        ...usernameLine(input),
        { kind: 'button', text: t('email.passwordReset.action'), href: link },
        { kind: 'paragraph', text: t('email.passwordReset.ignore') },
      ]);
    }
    case 'STAFF_INVITATION': {
      const link = pageLink(input, '/console/accept-invitation', data.token ?? '');
      const expires = formatInstant(data.expiresAt, locale, tenant.settings.timeZone);
      return layoutEmail(input, t('email.staffInvitation.subject'), [
        { kind: 'paragraph', text: data.name ? t('email.greeting', { name: data.name }) : greeting },
        { kind: 'paragraph', text: t('email.staffInvitation.body', { expires }) },
        ...usernameLine(input),
        { kind: 'button', text: t('email.staffInvitation.action'), href: link },
      ]);
    }
    case 'PASSWORD_CHANGED':
      return layoutEmail(input, t('email.passwordChanged.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.passwordChanged.body') },
      ]);
    case 'EMAIL_CHANGED':
      return layoutEmail(input, t('email.emailChanged.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.emailChanged.body', { newEmail: data.newEmail ?? '' }) },
      ]);
    case 'EMAIL_VERIFICATION': {
      const link = pageLink(input, '/verify-email', data.token ?? '');
      const expires = formatInstant(data.expiresAt, locale, tenant.settings.timeZone);
      return layoutEmail(input, t('email.verifyEmail.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.verifyEmail.body', { expires }) },
        { kind: 'button', text: t('email.verifyEmail.action'), href: link },
        { kind: 'paragraph', text: t('email.verifyEmail.ignore') },
      ]);
    }
    case 'ACCOUNT_CLOSED':
      // `autopayAccounts`: the accounts (by number, comma-separated) whose Auto Pay the closing stopped, or none.
      return layoutEmail(input, t('email.accountClosed.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.accountClosed.body') },
        ...paragraphs(data.autopayAccounts ? [t('email.accountClosed.autopayStopped', { accounts: data.autopayAccounts })] : []),
        { kind: 'paragraph', text: t('email.accountClosed.payments') },
      ]);
    case 'PAYMENT_RECEIPT':
      return layoutEmail(input, t('email.receipt.subject', { confirmation: data.confirmationNumber ?? '' }), [
        { kind: 'paragraph', text: t('email.receipt.body', { amount: data.amount ?? '' }) },
        ...paragraphs(isEcheck(data.method) ? [t('phone.echeckReceipt')] : []),
        { kind: 'facts', rows: paymentFacts(input, 'RECEIPT') },
      ]);
    case 'PAYMENT_REFUNDED':
      return layoutEmail(input, t('email.refund.subject', { confirmation: data.confirmationNumber ?? '' }), [
        {
          kind: 'paragraph',
          text: t('email.refund.body', { refunded: data.refundedAmount ?? data.amount ?? '', confirmation: data.confirmationNumber ?? '', method: methodLabel(data.method, locale) }),
        },
        ...paragraphs(owedAgainSentences(input, true)),
        { kind: 'facts', rows: paymentFacts(input, 'TAKEN_BACK') },
      ]);
    case 'PAYMENT_VOIDED': {
      const payment = { confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '' };
      const counter = counterVoidParams(input);
      return layoutEmail(input, t('email.voided.subject', { confirmation: payment.confirmation }), [
        { kind: 'paragraph', text: counter ? t('email.voided.counterBody', { ...payment, ...counter }) : t('email.voided.body', payment) },
        // Nothing applies: the payment's number, amount and method only.
        { kind: 'facts', rows: paymentFacts(input, 'PAYMENT') },
      ]);
    }
    case 'PAYMENT_RETURNED':
      // A return that also blocked the bank account says both, in one email (`bankAccountBlocked`: why it was blocked).
      return layoutEmail(input, t(data.bankAccountBlocked ? 'email.returned.subjectBlocked' : 'email.returned.subject', { confirmation: data.confirmationNumber ?? '' }), [
        ...paragraphs(paymentReturnedSentences(input, true)),
        ...paragraphs(bankAccountBlockedSentences(input)),
        { kind: 'facts', rows: paymentFacts(input, 'TAKEN_BACK') },
      ]);
    case 'PAYMENT_DISPUTED':
      // Queued by payments with what the card's bank took back (disputedAmount), owedAgain and alreadyPaid as a return's.
      return layoutEmail(input, t('email.disputed.subject', { confirmation: data.confirmationNumber ?? '' }), [
        ...paragraphs(paymentDisputedSentences(input)),
        { kind: 'facts', rows: paymentFacts(input, 'TAKEN_BACK') },
      ]);
    case 'PAYMENT_FAILED':
      return layoutEmail(input, t('email.failed.subject', { confirmation: data.confirmationNumber ?? '' }), [
        { kind: 'paragraph', text: t('email.failed.body', { confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '' }) },
        // Nothing will post and nothing was applied: the payment's number, amount and method only.
        { kind: 'facts', rows: paymentFacts(input, 'PAYMENT') },
      ]);
    case 'AUTOPAY_REMINDER':
    case 'AUTOPAY_CARD_EXPIRING':
    case 'AUTOPAY_FAILED':
    case 'AUTOPAY_SUSPENDED':
    case 'AUTOPAY_SKIPPED':
      // The autopay service wrote the whole sentence in the language when it queued the notice.
      return layoutEmail(input, t(AUTOPAY_SUBJECTS[input.template], { account: data.accountNumber ?? '' }), [
        { kind: 'paragraph', text: data.message ?? '' },
        { kind: 'facts', rows: [[t('email.label.account'), data.accountNumber ?? '']] },
      ]);
    case 'BANK_ACCOUNT_BLOCKED': {
      // Queued by payments with the last four only (`bankAccount`) and the return code, or INVALID_ACCOUNT (closed).
      const bankAccount = methodSaid({ kind: 'BANK_ACCOUNT', brand: null, last4: data.bankAccount ?? '' }, locale);
      const phone = tenant.settings.contact.customerServicePhone;
      return layoutEmail(input, t('email.bankAccountBlocked.subject'), [
        { kind: 'paragraph', text: greeting },
        {
          kind: 'paragraph',
          text: data.reason === 'INVALID_ACCOUNT' ? t('email.bankAccountBlocked.bodyClosed', { bankAccount }) : t('email.bankAccountBlocked.body', { bankAccount, code: data.reason ?? '' }),
        },
        ...paragraphs(phone && data.reason !== 'INVALID_ACCOUNT' ? [t('email.bankAccountBlocked.inError', { phone })] : []),
      ]);
    }
    case 'BANK_ACCOUNT_UNBLOCKED':
      return layoutEmail(input, t('email.bankAccountUnblocked.subject'), [
        { kind: 'paragraph', text: greeting },
        { kind: 'paragraph', text: t('email.bankAccountUnblocked.body', { bankAccount: methodSaid({ kind: 'BANK_ACCOUNT', brand: null, last4: data.bankAccount ?? '' }, locale) }) },
      ]);
    case 'DISCONNECTION_WARNING':
    case 'SERVICE_DISCONNECTED': {
      // Queued by customers' accountStandingNotices with the account masked and the sum to pay written.
      const standing = { account: maskedAccountSaid(data.accountNumber ?? '', locale), amount: data.amount ?? '' };
      const keys = STANDING_KEYS[input.template];
      const payByPhone = tenant.settings.contact.payByPhoneNumber;
      return layoutEmail(input, t(keys.subject), [
        { kind: 'paragraph', text: t(keys.body, standing) },
        { kind: 'paragraph', text: t(keys.action, standing) },
        ...paragraphs(payByPhone ? [t('email.standing.byPhone', { phone: payByPhone })] : []),
        { kind: 'button', text: t('email.standing.payNow'), href: cityPageLink(input, '/account') },
        {
          kind: 'facts',
          rows: [
            [t('email.label.account'), standing.account],
            [t(keys.amountLabel), standing.amount],
          ],
        },
        { kind: 'paragraph', text: t('email.standing.paid') },
      ]);
    }
    case 'SERVICE_RESTORED':
      return layoutEmail(input, t('email.serviceRestored.subject'), [{ kind: 'paragraph', text: t('email.serviceRestored.body', { account: maskedAccountSaid(data.accountNumber ?? '', locale) }) }]);
    case 'BILL_ISSUED': {
      // Queued by customers' new-bill notices: the account masked, the bill's total written, its dates as ISO dates.
      const bill = billSaid(data, locale);
      const period =
        data.periodStart && data.periodEnd && isIsoDate(data.periodStart) && isIsoDate(data.periodEnd)
          ? { start: formatLocalDate(data.periodStart, locale), end: formatLocalDate(data.periodEnd, locale) }
          : null;
      const autopayDate = autopayDateSaid(data, locale);
      return layoutEmail(input, t('email.billIssued.subject', bill), [
        { kind: 'paragraph', text: t('email.billIssued.body', bill) },
        ...paragraphs(period ? [t('email.billIssued.period', period)] : []),
        ...paragraphs(autopayDate ? [t('email.billIssued.autopay', { date: autopayDate })] : []),
        // Queued with `paperless` for an account whose paper bill is not printed: the email is the bill.
        ...paragraphs(data.paperless === 'true' ? [t('email.billIssued.paperless')] : []),
        { kind: 'button', text: t(autopayDate ? 'email.billIssued.view' : 'email.billIssued.action'), href: cityPageLink(input, '/account') },
        {
          kind: 'facts',
          rows: [
            [t('email.label.account'), bill.account],
            [t('email.label.billNumber'), data.billNumber ?? ''],
            [t('email.label.amount'), bill.amount],
            [t('email.label.dueDate'), bill.dueDate],
            ...(period ? [[t('email.label.servicePeriod'), `${period.start} - ${period.end}`] as const] : []),
          ],
        },
      ]);
    }
    case 'PAPERLESS_ENDED': {
      // Queued by customers' paperless lapses: the account masked, why the choice ended, whether paper resumes for it.
      const reason = PAPERLESS_END_REASONS.find((known) => known === data.reason);
      const account = maskedAccountSaid(data.accountNumber ?? '', locale);
      const said = { account, reason: reason ? t(`email.paperlessEnded.reason.${reason}`) : '' };
      return layoutEmail(input, t('email.paperlessEnded.subject', { account }), [
        { kind: 'paragraph', text: t(data.paperResumes === 'false' ? 'email.paperlessEnded.shared' : 'email.paperlessEnded.body', said) },
        { kind: 'paragraph', text: t('email.paperlessEnded.again') },
        { kind: 'button', text: t('email.billIssued.view'), href: cityPageLink(input, '/account') },
      ]);
    }
    case 'BILL_DUE_SOON': {
      // Queued by customers' due-date reminders: `amount` is what the account owes now, pending payments counted as paid.
      const bill = billSaid(data, locale);
      const payByPhone = tenant.settings.contact.payByPhoneNumber;
      return layoutEmail(input, t('email.billDueSoon.subject', bill), [
        { kind: 'paragraph', text: t('email.billDueSoon.body', bill) },
        ...paragraphs(payByPhone ? [t('email.standing.byPhone', { phone: payByPhone })] : []),
        { kind: 'button', text: t('email.standing.payNow'), href: cityPageLink(input, '/account') },
        {
          kind: 'facts',
          rows: [
            [t('email.label.account'), bill.account],
            [t('email.label.billNumber'), data.billNumber ?? ''],
            [t('email.label.amountDue'), bill.amount],
            [t('email.label.dueDate'), bill.dueDate],
          ],
        },
        { kind: 'paragraph', text: t('email.standing.paid') },
      ]);
    }
    case 'SMS_PHONE_CODE':
      // Texted only (SMS_ONLY_TEMPLATES): the code proves the number it reaches, so an email of it would prove nothing.
      throw new Error(`no email for ${input.template}`);
  }
}

const AUTOPAY_SUBJECTS = {
  AUTOPAY_REMINDER: 'email.autopayReminder.subject',
  AUTOPAY_CARD_EXPIRING: 'email.autopayCardExpiring.subject',
  AUTOPAY_FAILED: 'email.autopayFailed.subject',
  AUTOPAY_SUSPENDED: 'email.autopaySuspended.subject',
  AUTOPAY_SKIPPED: 'email.autopaySkipped.subject',
} as const satisfies Record<string, MessageKey>;

/** The words of the two notices that ask a household to pay for its service: to keep it on, or to have it back. */
const STANDING_KEYS = {
  DISCONNECTION_WARNING: {
    subject: 'email.disconnectionWarning.subject',
    body: 'email.disconnectionWarning.body',
    action: 'email.disconnectionWarning.action',
    amountLabel: 'email.label.pastDue',
  },
  SERVICE_DISCONNECTED: {
    subject: 'email.serviceDisconnected.subject',
    body: 'email.serviceDisconnected.body',
    action: 'email.serviceDisconnected.action',
    amountLabel: 'email.label.amountDue',
  },
} as const satisfies Record<string, Record<string, MessageKey>>;

function paragraphs(sentences: readonly string[]): EmailBlock[] {
  return sentences.map((text) => ({ kind: 'paragraph', text }));
}

/**
 * What an email says of a payment: its number, what it came to and how it was paid (PAYMENT); in its receipt, with
 * when it is expected to post (or, cash or a check recorded at the counter, `postedOn`: when it posted) and what it
 * paid (RECEIPT); after a refund or return, with what that took back of what
 * it paid (TAKEN_BACK: "Applied to" would claim what is owed again; one queued before that was named, nothing of it).
 * `amount` is the total taken; a payment that carried a convenience fee is queued with `paymentAmount` and
 * `convenienceFee` as well, and shows the three, as the receipt page does (one queued before they were, the total
 * alone). A receipt of cash counted at the counter has `cashReceived` and `changeGiven` too.
 */
function paymentFacts({ data, locale }: RenderInput, facts: 'PAYMENT' | 'TAKEN_BACK' | 'RECEIPT'): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [[translate(locale, 'email.label.confirmation'), data.confirmationNumber ?? '']];
  if (data.paymentAmount && data.convenienceFee) {
    rows.push(
      [translate(locale, 'email.label.amount'), data.paymentAmount],
      [translate(locale, 'email.label.convenienceFee'), data.convenienceFee],
      [translate(locale, 'email.label.total'), data.amount ?? ''],
    );
  } else {
    rows.push([translate(locale, 'email.label.amount'), data.amount ?? '']);
  }
  rows.push([translate(locale, 'email.label.method'), methodLabel(data.method, locale)]);
  if (facts === 'PAYMENT') return rows;
  if (facts === 'TAKEN_BACK') return data.takenBackFrom ? [...rows, [translate(locale, 'email.label.takenBackFrom'), data.takenBackFrom]] : rows;
  if (data.cashReceived && data.changeGiven) {
    rows.push([translate(locale, 'email.label.cashReceived'), data.cashReceived], [translate(locale, 'email.label.changeGiven'), data.changeGiven]);
  }
  if (data.postedOn && isIsoDate(data.postedOn)) rows.push([translate(locale, 'email.label.postedOn'), formatLocalDate(data.postedOn, locale)]);
  else if (data.expectedPostingDate && isIsoDate(data.expectedPostingDate)) rows.push([translate(locale, 'email.label.postingDate'), formatLocalDate(data.expectedPostingDate, locale)]);
  if (data.allocations) rows.push([translate(locale, 'email.label.appliedTo'), data.allocations]);
  return rows;
}

/** The username to sign in with: queued only where the city signs in by username and the user has one. */
function usernameLine({ data, locale }: RenderInput): EmailBlock[] {
  return data.username ? [{ kind: 'paragraph', text: translate(locale, 'email.username', { username: data.username }) }] : [];
}

/**
 * The payments service writes a card as "VISA 4242" (one whose brand it was not told as "CARD 4242") and a bank
 * account as "BANK_ACCOUNT 6789", named here as methodSaid names them ("Visa ending in 4 2 4 2"); counter methods come
 * written.
 */
export function methodLabel(method: string | undefined, locale: Locale): string {
  const match = /^([A-Z_]+) (\d{4})$/.exec(method ?? '');
  if (!match) return method ?? '';
  const [, kind, last4] = match as unknown as [string, string, string];
  if (kind === 'BANK_ACCOUNT') return methodSaid({ kind, brand: null, last4 }, locale);
  return methodSaid({ kind: 'CARD', brand: isCardBrand(kind) ? kind : null, last4 }, locale);
}

const isCardBrand = (code: string): code is CardBrand => (CARD_BRANDS as readonly string[]).includes(code);

/** A page of the city's that a one-time token opens (a reset, an invitation). */
function pageLink(input: RenderInput, path: string, token: string): string {
  return cityPageLink(input, path, { token });
}

/** A page of the city's, in the email's language: the page opens in it whatever language the device that opens it is set to. */
function cityPageLink({ publicUrl, tenant, locale }: RenderInput, path: string, params: Readonly<Record<string, string>> = {}): string {
  const url = new URL(path, `${publicUrl}/`);
  url.searchParams.set('tenant', tenant.slug);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('lang', locale);
  return url.toString();
}

/** What a return that blocked its bank account adds: no more e-checks from it, and whom to call if the bank erred. */
function bankAccountBlockedSentences({ data, locale, tenant }: RenderInput): string[] {
  if (!data.bankAccountBlocked) return [];
  const city = cityName(tenant.settings, locale);
  const bankAccount = methodLabel(data.method, locale);
  const phone = tenant.settings.contact.customerServicePhone;
  return [translate(locale, 'email.returned.blocked', { city, bankAccount }), ...(phone ? [translate(locale, 'email.bankAccountBlocked.inError', { phone })] : [])];
}

/** An instant (ISO string) as the city's people read it: "March 3, 2026 at 4:05 PM PST". */
function formatInstant(iso: string | undefined, locale: Locale, timeZone: string): string {
  const at = new Date(iso ?? '');
  if (Number.isNaN(at.getTime())) return iso ?? '';
  return dateTimeFormatFor(locale, timeZone).format(at);
}
