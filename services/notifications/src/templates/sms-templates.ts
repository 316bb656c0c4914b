import { formatLocalDate, isIsoDate, maskedAccountSaid, translate, type MessageKey } from '@platform/core';
import { cityName } from '@platform/tenants';
import type { NotificationTemplate } from '../notification.entity';
import { autopayDateSaid, billSaid } from './bill-said';
import { counterVoidParams } from './counter-void';
import { isEcheck } from './echeck-method';
import { paymentReturnedSentences } from './given-back';
import type { RenderInput } from './rendered-message';
import { withMasksAsShownNow } from './stored-masks';

/** The kinds that suit a text message: short, and worth a phone's attention. */
export const SMS_TEMPLATES = [
  'PAYMENT_RECEIPT',
  'PAYMENT_FAILED',
  'PAYMENT_VOIDED',
  'PAYMENT_REFUNDED',
  'PAYMENT_RETURNED',
  'AUTOPAY_FAILED',
  'AUTOPAY_SUSPENDED',
  'AUTOPAY_SKIPPED',
  'DISCONNECTION_WARNING',
  'SERVICE_DISCONNECTED',
  'SERVICE_RESTORED',
  'BILL_ISSUED',
  'BILL_DUE_SOON',
] as const;

/** The kinds only ever texted, never emailed: a mobile number's confirmation code goes to the number it proves. */
export const SMS_ONLY_TEMPLATES: readonly NotificationTemplate[] = ['SMS_PHONE_CODE'];

/** One text, in the recipient's language, starting with the city's name (carriers require the sender be named). */
export function renderSms({ template, data: stored, locale, tenant }: RenderInput): string {
  const data = withMasksAsShownNow(stored, locale);
  const city = cityName(tenant.settings, locale);
  switch (template) {
    case 'PAYMENT_RECEIPT': {
      const payment = { city, confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '' };
      // A counter payment posted as it was recorded (`postedOn`); any other is expected to post.
      if (data.postedOn && isIsoDate(data.postedOn)) return translate(locale, 'sms.receiptPosted', { ...payment, date: formatLocalDate(data.postedOn, locale) });
      const date = data.expectedPostingDate && isIsoDate(data.expectedPostingDate) ? formatLocalDate(data.expectedPostingDate, locale) : '';
      const receipt = translate(locale, 'sms.receipt', { ...payment, date });
      // An e-check is no more than received: its bank may still return it (as the email and the phone line say).
      return isEcheck(data.method) ? `${receipt} ${translate(locale, 'phone.echeckReceipt')}` : receipt;
    }
    case 'PAYMENT_FAILED':
      return translate(locale, 'sms.paymentFailed', { city, confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '' });
    case 'PAYMENT_VOIDED': {
      const payment = { city, confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '' };
      const counter = counterVoidParams({ data, locale, tenant });
      return counter ? translate(locale, 'sms.counterPaymentVoided', { ...payment, ...counter }) : translate(locale, 'sms.paymentVoided', payment);
    }
    case 'PAYMENT_REFUNDED': {
      const refund = { city, confirmation: data.confirmationNumber ?? '', refunded: data.refundedAmount ?? '' };
      return data.owedAgain ? translate(locale, 'sms.paymentRefundedOwed', { ...refund, owed: data.owedAgain }) : translate(locale, 'sms.paymentRefunded', refund);
    }
    case 'PAYMENT_RETURNED':
      // The email's own sentences, so the two never tell the resident different sums (what is owed again, what others
      // paid of it, the fee), without the bank's return code, which tells a phone's reader nothing.
      return `${city}: ${paymentReturnedSentences({ data, locale }, false).join(' ')}`;
    case 'AUTOPAY_FAILED':
      return translate(locale, 'sms.autopayFailed', { city, message: data.message ?? '' });
    case 'AUTOPAY_SUSPENDED': {
      // Its own sentence rather than the email's (autopay's whole message): it says outright that this month goes unpaid,
      // which is what the resident must act on.
      const account = data.accountNumber ?? '';
      const reason = SUSPENSION_REASONS[data.reason ?? ''];
      return reason
        ? translate(locale, 'sms.autopaySuspended', { city, account, reason: translate(locale, reason, { method: data.method ?? '' }) })
        : translate(locale, 'sms.autopaySuspendedNoReason', { city, account });
    }
    case 'AUTOPAY_SKIPPED':
      return translate(locale, 'sms.autopaySkipped', { city, message: data.message ?? '' });
    case 'DISCONNECTION_WARNING':
      return translate(locale, 'sms.disconnectionWarning', { city, account: maskedAccountSaid(data.accountNumber ?? '', locale), amount: data.amount ?? '' });
    case 'SERVICE_DISCONNECTED':
      return translate(locale, 'sms.serviceDisconnected', { city, account: maskedAccountSaid(data.accountNumber ?? '', locale), amount: data.amount ?? '' });
    case 'SERVICE_RESTORED':
      return translate(locale, 'sms.serviceRestored', { city, account: maskedAccountSaid(data.accountNumber ?? '', locale) });
    case 'BILL_ISSUED': {
      const bill = { city, ...billSaid(data, locale) };
      const autopayDate = autopayDateSaid(data, locale);
      return autopayDate ? translate(locale, 'sms.billIssuedAutopay', { ...bill, date: autopayDate }) : translate(locale, 'sms.billIssued', bill);
    }
    case 'BILL_DUE_SOON':
      return translate(locale, 'sms.billDueSoon', { city, ...billSaid(data, locale) });
    case 'SMS_PHONE_CODE':
      if (!data.token) throw new Error('a confirmation code text without its code');
      return translate(locale, 'sms.phoneCode', { city, code: data.token });
    default:
      throw new Error(`no text message for ${template}`);
  }
}

/** Why autopay suspended an enrolment, as autopay queues it (`data.reason`), with `method` as it wrote it in the language. */
const SUSPENSION_REASONS: Partial<Record<string, MessageKey>> = {
  PAYMENT_FAILED: 'autopay.reason.paymentFailed',
  CARD_EXPIRED: 'autopay.reason.cardExpired',
  METHOD_UNAVAILABLE: 'autopay.reason.methodUnavailable',
  METHOD_NOT_ACCEPTED: 'autopay.reason.methodNotAccepted',
};
