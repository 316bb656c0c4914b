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
 * always takes a second factor: the city's link proof.
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

/** "12700 Norwalk Blvd" -> "12700"; "1200-B Elm St" -> "1200B"; null when the line starts with no number. */
export function houseNumberOf(addressLine: string): string | null {
  // A letter joined to the number ("1200B", "1200-B") is part of it; a word after a space ("1200 W Lindsey St") is not.
  const match = /^\s*(\d+(?:-?[A-Za-z](?![A-Za-z]))?)/.exec(addressLine);
  return match?.[1] ? normaliseHouseNumber(match[1]) : null;
}

const normaliseHouseNumber = (typed: string) => typed.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
