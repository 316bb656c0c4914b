import type { MessageKey } from '../../shared/i18n/translate';
import { oneByOne } from '../../shared/one-by-one';

type T = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/** What a method's label is made of. */
export interface LabelledMethod {
  readonly kind: string;
  readonly brand?: string | null;
  readonly last4: string;
}

/** A saved method as a person reads it: "Visa ending 4242", "Bank account ending 6789". */
export function methodLabel(t: T, method: LabelledMethod): string {
  if (method.kind === 'BANK_ACCOUNT') return t('account.method.bank', { last4: method.last4 });
  const brand = method.brand ? t(`brand.${method.brand}` as MessageKey) : t('account.method.card');
  return t('account.method.ending', { brand, last4: method.last4 });
}

/** methodLabel as a screen reader should say it: its last four digit by digit ("Visa ending 4 2 4 2"). */
export function methodSaid(t: T, method: LabelledMethod): string {
  return methodLabel(t, { ...method, last4: oneByOne(method.last4) });
}

/** Why a blocked bank account cannot be used (`blockedBecause`): closed at its bank, or its bank's return code. */
export function blockedSaid(t: T, blockedBecause: string): string {
  if (blockedBecause === 'INVALID_ACCOUNT') return t('account.wallet.blockedClosed');
  return blockedBecause === 'RETURNED' ? t('account.wallet.blockedNoCode') : t('account.wallet.blocked', { code: blockedBecause });
}
