import { createHmac } from 'node:crypto';
import { cardUnexpired, type CardBrand } from './card-checks';
import type { BankAccountStanding, Decline } from './test-numbers';

/*
 * What a token or saved method stands for. Card and account numbers are not
 * kept: what the sandbox needs later (last four, fingerprint, test outcome)
 * is decided when the number is tokenized.
 */

export interface CardInstrument {
  readonly kind: 'CARD';
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly holderName: string | null;
  readonly fingerprint: string;
  readonly networkDecline: Decline | null;
}

export interface BankInstrument {
  readonly kind: 'BANK_ACCOUNT';
  readonly routingNumber: string;
  readonly accountType: 'CHECKING' | 'SAVINGS';
  readonly last4: string;
  readonly holderName: string;
  readonly fingerprint: string;
  readonly standing: BankAccountStanding;
}

export type Instrument = CardInstrument | BankInstrument;

/** Same number, same fingerprint, within one sandbox (HMAC with its salt): lets a caller recognise an account it cannot read. */
export function fingerprintOf(salt: Buffer, canonicalNumber: string): string {
  return createHmac('sha256', salt).update(canonicalNumber).digest('base64url').slice(0, 22);
}

/**
 * What the card network or the bank answers to a debit now, or null when it
 * goes through. A saved card can expire after it was saved, and a saved bank
 * account be closed (`closedBankAccounts`, by fingerprint); a bank account
 * the sandbox bank does not know is refused up front.
 */
export function declineOf(instrument: Instrument, now: Date, closedBankAccounts: ReadonlySet<string>): Decline | null {
  if (instrument.kind === 'CARD') {
    if (instrument.networkDecline) return instrument.networkDecline;
    return cardUnexpired(instrument.expMonth, instrument.expYear, now) ? null : { code: 'EXPIRED_CARD', message: 'The card has expired.' };
  }
  const { valid, reason } = bankVerification(instrument, closedBankAccounts);
  if (valid) return null;
  const message = reason === 'UNKNOWN_BANK' ? 'The routing number is not a bank the sandbox knows.' : 'The bank has no such account.';
  return { code: 'INVALID_ACCOUNT', message };
}

/** The sandbox bank's answer to "does this account take debits": a closed account no longer exists for it. */
export function bankVerification(instrument: BankInstrument, closedBankAccounts: ReadonlySet<string>): { valid: boolean; reason: 'UNKNOWN_BANK' | 'ACCOUNT_NOT_FOUND' | null } {
  if (!instrument.standing.exists) return { valid: false, reason: instrument.standing.reason };
  return closedBankAccounts.has(instrument.fingerprint) ? { valid: false, reason: 'ACCOUNT_NOT_FOUND' } : { valid: true, reason: null };
}

/** The parts of an instrument any API answer may show. */
export function instrumentJson(instrument: Instrument) {
  const card = instrument.kind === 'CARD' ? instrument : null;
  return {
    kind: instrument.kind,
    brand: card?.brand ?? null,
    last4: instrument.last4,
    expMonth: card?.expMonth ?? null,
    expYear: card?.expYear ?? null,
    holderName: instrument.holderName,
    bankAccountType: instrument.kind === 'BANK_ACCOUNT' ? instrument.accountType : null,
    fingerprint: instrument.fingerprint,
  };
}
