import { en, type MessageKey } from '../shared/i18n/en';

type T = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/** Statuses the board filters by, in the order a person reads them. */
export const BOARD_STATUSES = ['PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED', 'DECLINED', 'FAILED', 'UNKNOWN', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'DISPUTED', 'VOIDED'] as const;

const has = (key: string): key is MessageKey => key in en;

/** A payment status as staff read it; one this page does not know yet shows the API's own label. */
export function statusLabel(t: T, status: string, apiLabel: string): string {
  const key = `paymentStatus.${status}`;
  return has(key) ? t(key) : apiLabel;
}

/** A method kind's name; a kind added to the API after this page (e.g. counter cash) shows its name in words. */
export function methodKindLabel(t: T, kind: string): string {
  const key = `paymentMethod.${kind}`;
  return has(key) ? t(key) : kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** "Visa ending 4242", "Bank account ending 6789", "Cash", "Check #1234", or a newer kind's name and its last four (if it has them). */
export function methodLabel(t: T, method: { readonly kind: string; readonly brand: string | null; readonly last4: string; readonly checkNumber?: string | null }): string {
  if (method.kind === 'CARD') {
    const brandKey = `brand.${method.brand ?? ''}`;
    return t('paymentMethod.card', { brand: has(brandKey) ? t(brandKey) : (method.brand ?? t('paymentMethod.CARD')), last4: method.last4 });
  }
  if (method.kind === 'BANK_ACCOUNT') return t('paymentMethod.bank', { last4: method.last4 });
  if (method.kind === 'CASH') return t('paymentMethod.CASH');
  if (method.kind === 'CHECK') return t('paymentMethod.check', { number: method.checkNumber ?? method.last4 });
  return t('paymentMethod.other', { kind: methodKindLabel(t, method.kind), last4: method.last4 }).trim();
}

/** How a payment reached the city: "Web", "Phone", "Counter", "Autopay"; a newer channel by its name. */
export function channelLabel(t: T, channel: string): string {
  const key = `paymentChannel.${channel}`;
  return has(key) ? t(key) : channel.charAt(0) + channel.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** Who moved a payment: the platform's named actors in words; a staff user id as "Staff member". */
export function actorLabel(t: T, actor: string): string {
  const key = `payment.actor.${actor}`;
  if (has(key)) return t(key);
  return /^[0-9a-f-]{36}$/i.test(actor) ? t('payment.actor.staff') : actor;
}

/** A CSS class suffix for a status chip's colour (colour is never the only cue: the chip has its label). */
export function statusTone(status: string): 'good' | 'bad' | 'wait' | 'back' {
  if (status === 'CAPTURED' || status === 'POSTED' || status === 'AUTHORIZED') return 'good';
  if (status === 'DECLINED' || status === 'FAILED' || status === 'RETURNED' || status === 'DISPUTED') return 'bad';
  if (status === 'REFUNDED' || status === 'PARTIALLY_REFUNDED' || status === 'VOIDED') return 'back';
  return 'wait';
}
