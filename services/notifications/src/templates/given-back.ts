import { translate } from '@platform/core';
import type { RenderInput } from './rendered-message';

type Told = Pick<RenderInput, 'data' | 'locale'>;

/**
 * What a returned payment's notice says, a sentence each, the email's and the
 * text's alike: that the bank returned it, what it paid that is owed again
 * (queued as owedAgain; one queued before it was, the whole amount; other
 * payments having paid some or all of it, alreadyPaid, sentences of their
 * own), and the returned payment fee charged for it. `withCode`: whether to
 * name the bank's return code (R01...), when it gave one.
 */
export function paymentReturnedSentences(told: Told, withCode: boolean): string[] {
  const { data, locale } = told;
  const returned = { confirmation: data.confirmationNumber ?? '', amount: data.amount ?? '', owed: data.owedAgain ?? data.amount ?? '' };
  const code = withCode && data.returnCode ? { code: data.returnCode } : null;
  const what = data.alreadyPaid
    ? [code ? translate(locale, 'email.returned.lead', { ...returned, ...code }) : translate(locale, 'email.returned.leadNoCode', returned), ...owedAgainSentences(told, false)]
    : [code ? translate(locale, 'email.returned.body', { ...returned, ...code }) : translate(locale, 'email.returned.bodyNoCode', returned)];
  return data.returnedPaymentFee ? [...what, translate(locale, 'email.returned.fee', { fee: data.returnedPaymentFee })] : what;
}

/**
 * What a disputed card payment's notice says: that the card's bank took `disputedAmount` of it back at the card
 * holder's request, so what it paid is owed again (owedAgain, alreadyPaid as a return's), and whom to call if the
 * dispute was a mistake.
 */
export function paymentDisputedSentences(told: Told): string[] {
  const { data, locale } = told;
  const disputed = { confirmation: data.confirmationNumber ?? '', amount: data.disputedAmount ?? data.amount ?? '' };
  return [translate(locale, 'email.disputed.body', disputed), ...owedAgainSentences(told, true)];
}

/**
 * What a refund or a return left owed on the payer's accounts, as queued: `owedAgain`, what it took back that they
 * still owe, and `alreadyPaid`, what other payments have paid of it since (a payer told to pay that again would pay
 * twice). `sayAllOwed`: whether to say so when all of it is owed again (a return's first sentence says it already).
 * Nothing when it took nothing from the accounts (a convenience fee refunded), or was queued before these were.
 */
export function owedAgainSentences({ data, locale }: Told, sayAllOwed: boolean): string[] {
  const { owedAgain: owed, alreadyPaid: paid } = data;
  if (paid) return [owed ? translate(locale, 'email.givenBack.partlyPaid', { owed, paid }) : translate(locale, 'email.givenBack.allPaid', { paid })];
  return owed && sayAllOwed ? [translate(locale, 'email.givenBack.owedAgain', { owed })] : [];
}
