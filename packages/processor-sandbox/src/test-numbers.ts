/*
 * The sandbox's documented test data (README.md lists the same). Any other
 * valid card number approves; any other account at the sandbox bank settles.
 */

/** Card numbers with a known outcome; each passes Luhn and tokenizes like a real card. */
export const SANDBOX_TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  americanExpress: '378282246310005',
  discover: '6011111111111117',
  genericDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expiredCard: '4000000000000069',
  processingError: '4000000000000119',
} as const;

/** The one bank the sandbox knows; its accounts behave by their last four digits. */
export const SANDBOX_BANK = {
  routingNumber: '110000000',
  accounts: {
    settles: '000123456789',
    returnsInsufficientFunds: '000123450001',
    returnsAccountClosed: '000123450002',
    notFound: '000123450003',
    /** Settles, then comes back R10 (unauthorized) `lateReturnDelaySeconds` after settling. */
    returnsUnauthorizedAfterSettling: '000123450010',
  },
} as const;

/** Charge amounts (cents) that simulate a processor that does not answer in time. */
export const SANDBOX_MAGIC_AMOUNTS = {
  /**
   * The charge is made (or, with a declining test card, declined), then the
   * answer is held back `hangMs`: the caller times out on a charge that exists.
   */
  chargeThenHang: 1313n,
  /** Held back `hangMs`, then 504, and nothing is charged. */
  hangWithoutCharging: 1314n,
  /** A refund of this amount is made, then its answer is held back `hangMs`. */
  refundThenHang: 1313n,
  /** A charge of this amount answers at once; its void is made, then the void's answer is held back `hangMs`. */
  voidThenHang: 1315n,
} as const;

type SandboxDeclineCode = 'GENERIC_DECLINE' | 'INSUFFICIENT_FUNDS' | 'EXPIRED_CARD' | 'PROCESSING_ERROR' | 'INVALID_ACCOUNT';

export interface Decline {
  readonly code: SandboxDeclineCode;
  readonly message: string;
}

const DECLINING_CARDS: ReadonlyMap<string, Decline> = new Map([
  [SANDBOX_TEST_CARDS.genericDecline, { code: 'GENERIC_DECLINE', message: 'The card was declined.' }],
  [SANDBOX_TEST_CARDS.insufficientFunds, { code: 'INSUFFICIENT_FUNDS', message: 'The card has insufficient funds.' }],
  [SANDBOX_TEST_CARDS.expiredCard, { code: 'EXPIRED_CARD', message: 'The card has expired.' }],
  [SANDBOX_TEST_CARDS.processingError, { code: 'PROCESSING_ERROR', message: 'An error occurred while processing the card.' }],
]);

/** What the card network answers for this number, whatever the amount: a decline, or null to approve. */
export function networkDeclineFor(cardNumber: string): Decline | null {
  return DECLINING_CARDS.get(cardNumber) ?? null;
}

/**
 * An account at the sandbox bank. `afterSettling`: a debit of it settles
 * first and comes back later, as one its holder says was unauthorized (R05,
 * R07, R10, R29...) may, up to 60 days after settlement; otherwise a return
 * comes instead of settlement, as R01 and R02 do within two banking days.
 */
interface SandboxBankAccount {
  readonly exists: true;
  readonly returnCode: NachaReturnCode | null;
  readonly afterSettling: boolean;
}

export type BankAccountStanding = SandboxBankAccount | { readonly exists: false; readonly reason: 'UNKNOWN_BANK' | 'ACCOUNT_NOT_FOUND' };

/** NACHA return reasons the sandbox bank produces. */
export type NachaReturnCode = 'R01' | 'R02' | 'R10';

/** How the sandbox bank treats an account: by routing number, then by the account's last four digits. */
export function bankAccountStanding(routingNumber: string, accountNumber: string): BankAccountStanding {
  if (routingNumber !== SANDBOX_BANK.routingNumber) return { exists: false, reason: 'UNKNOWN_BANK' };
  if (accountNumber.endsWith('0003')) return { exists: false, reason: 'ACCOUNT_NOT_FOUND' };
  if (accountNumber.endsWith('0001')) return { exists: true, returnCode: 'R01', afterSettling: false };
  if (accountNumber.endsWith('0002')) return { exists: true, returnCode: 'R02', afterSettling: false };
  if (accountNumber.endsWith('0010')) return { exists: true, returnCode: 'R10', afterSettling: true };
  return { exists: true, returnCode: null, afterSettling: false };
}
