import { parseMoney, type MessageKey } from '@platform/core';
import type { LinkProof, TenantSettings } from '@platform/tenants';

/** What someone gives to prove they hold an account: the number, plus the one second factor the city asks for. */
export interface AccountProof {
  readonly accountNumber: string;
  /** Dollars, e.g. "84.20"; "0.00" for an account never paid. */
  readonly lastPaymentAmount?: string | null;
  /** Dollars: the total of the account's latest bill. */
  readonly latestBillAmount?: string | null;
  /** The house number of the service address, e.g. "12700". */
  readonly serviceHouseNumber?: string | null;
}

/**
 * Why an account is being proved. A guest's look-up or payment shows (or
 * pays) what is due, with the holder masked: the city's verification mode
 * says what it takes. Linking shows the holder's name and address, so it
 * always takes a second factor: the city's link proof; and it never proves
 * a closed account (see verification.service.ts).
 */
export type ProofPurpose = 'LOOKUP' | 'PAYMENT' | 'LINK';

export type SecondFactor = 'NONE' | LinkProof;

export function secondFactorFor(settings: TenantSettings, purpose: ProofPurpose): SecondFactor {
  if (purpose === 'LINK') return settings.accountLinking.proof;
  return settings.paymentRules.verificationMode === 'ACCOUNT_NUMBER_AND_LAST_PAYMENT' ? 'LAST_PAYMENT_AMOUNT' : 'NONE';
}

/** The input field that carries each second factor. */
const FACTOR_FIELD = {
  LAST_PAYMENT_AMOUNT: 'lastPaymentAmount',
  LATEST_BILL_AMOUNT: 'latestBillAmount',
  SERVICE_HOUSE_NUMBER: 'serviceHouseNumber',
} as const satisfies Record<LinkProof, keyof AccountProof>;

/** What a failed proof tells the person to check (never which part was wrong). */
export const FAILURE_MESSAGE: Record<SecondFactor, MessageKey> = {
  NONE: 'billing.verificationFailed',
  LAST_PAYMENT_AMOUNT: 'billing.verificationFailedWithAmount',
  LATEST_BILL_AMOUNT: 'billing.verificationFailedWithBillAmount',
  SERVICE_HOUSE_NUMBER: 'billing.verificationFailedWithHouseNumber',
};

/** A second factor as typed, normalised for comparison: cents for amounts, a bare token for a house number. */
export type FactorValue = { readonly kind: 'NONE' } | { readonly kind: 'CENTS'; readonly cents: bigint } | { readonly kind: 'TEXT'; readonly text: string };

export type ParsedFactor =
  { readonly ok: true; readonly value: FactorValue } | { readonly ok: false; readonly field: (typeof FACTOR_FIELD)[LinkProof]; readonly problem: 'REQUIRED' | 'INVALID_AMOUNT' };

export function parseFactor(factor: SecondFactor, proof: AccountProof): ParsedFactor {
  if (factor === 'NONE') return { ok: true, value: { kind: 'NONE' } };
  const field = FACTOR_FIELD[factor];
  const typed = proof[field]?.trim() ?? '';
  if (typed === '') return { ok: false, field, problem: 'REQUIRED' };
  if (factor === 'SERVICE_HOUSE_NUMBER') return { ok: true, value: { kind: 'TEXT', text: normaliseHouseNumber(typed) } };
  const amount = parseMoney(typed);
  return amount.ok ? { ok: true, value: { kind: 'CENTS', cents: amount.value.cents } } : { ok: false, field, problem: 'INVALID_AMOUNT' };
}

/**
 * "12700 Norwalk Blvd" -> "12700"; "1200-B Elm St" -> "1200B"; "4521 1/2 Elm St" -> "4521 1/2"; null when the line
 * starts with no number. In the form normaliseHouseNumber gives what is typed, so the two compare as strings.
 */
export function houseNumberOf(addressLine: string): string | null {
  // A letter joined to the number ("1200B", "1200-B") is part of it; a word after a space ("1200 W Lindsey St") is not.
  // A fraction after it is part of it, spaced or not ("4521 1/2", "4521½": a back house behind number 4521), tried
  // first so that "45211/2" is read as 4521 and a half; a number with no fraction is read as before ("123/125" -> 123).
  const match = /^\s*(\d+(?:-?[A-Z](?![A-Z]))?[\s-]*\d\/\d(?![\d/])|\d+(?:-?[A-Z](?![A-Z]))?)/i.exec(plainFractions(addressLine));
  return match?.[1] ? normaliseHouseNumber(match[1]) : null;
}

/**
 * A house number's one form, for the address's and the typed alike: no spaces or hyphens within it, upper case, and a
 * fraction after the number set off by one space ("4521½", "4521-1/2", "4521 1⁄2" -> "4521 1/2").
 */
function normaliseHouseNumber(text: string): string {
  const plain = plainFractions(text).toUpperCase();
  const fraction = /^(.+?)[\s-]*(\d\/\d)$/.exec(plain);
  const squeeze = (part: string) => part.replace(/[\s-]/g, '');
  return fraction?.[1] && fraction[2] ? `${squeeze(fraction[1])} ${fraction[2]}` : squeeze(plain);
}

/** NFKC (full-width digits, "½" -> "1⁄2"), with the fraction slash and division slash as the "/" people type. */
const plainFractions = (text: string) => text.normalize('NFKC').replace(/[\u2044\u2215]/g, '/');
