import {
  PAYABLE_KINDS,
  addDays,
  containsCardNumber,
  holdsIssuedCardNumber,
  formatMoney,
  isIsoDate,
  money,
  parseMoney,
  translate,
  type IsoDate,
  type Locale,
  type MessageKey,
  type MessageParams,
  type PayableKind,
  UserErrorCode,
  isUnsafeText,
} from '@platform/core';
import { referenceKey } from '../accounts/account-number';
import { MAX_ADJUSTMENT_CENTS } from '../ledger/amount-limits';
import type { LineCategory } from '../payables/payable.entity';
import { lineDescription } from '../payables/payable-line';

/** The columns of a bill import, as named in a CSV header (GraphQL's BillInput uses the camelCase names). */
export const BILL_COLUMNS = ['bill_number', 'account_number', 'kind', 'issue_date', 'due_date', 'period_start', 'period_end', 'water', 'sewer', 'trash', 'fees', 'other', 'description'] as const;
export type BillColumn = (typeof BILL_COLUMNS)[number];
export const REQUIRED_BILL_COLUMNS: readonly BillColumn[] = ['bill_number', 'account_number', 'issue_date', 'due_date'];

const AMOUNT_COLUMNS: readonly [BillColumn, LineCategory, string][] = [
  ['water', 'WATER', lineDescription('WATER', 'en')],
  ['sewer', 'SEWER', lineDescription('SEWER', 'en')],
  ['trash', 'TRASH', lineDescription('TRASH', 'en')],
  ['fees', 'FEES', lineDescription('FEES', 'en')],
  ['other', 'OTHER', lineDescription('OTHER', 'en')],
];

/** One bill as received: text cells, and where it came from (the CSV line, or the list position for GraphQL). */
export interface BillRow {
  readonly line: number;
  readonly cells: Readonly<Partial<Record<BillColumn, string>>>;
}

export interface ValidBill {
  readonly line: number;
  readonly referenceNumber: string;
  readonly referenceKey: string;
  readonly accountKey: string;
  readonly kind: PayableKind;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly periodStart: IsoDate | null;
  readonly periodEnd: IsoDate | null;
  readonly description: string | null;
  readonly lines: readonly { readonly category: LineCategory; readonly description: string; readonly amountCents: bigint }[];
  readonly totalCents: bigint;
}

export interface RowError {
  readonly line: number;
  /** The column at fault; null when the row as a whole is (e.g. it has no amount). */
  readonly field: BillColumn | null;
  readonly code: UserErrorCode;
  readonly message: string;
}

/** The one way to build a RowError: the line, the column, a code and a catalogue message in the request's language. */
export function rowError(locale: Locale, line: number, field: BillColumn | null, code: UserErrorCode, key: MessageKey, params: MessageParams = {}): RowError {
  return { line, field, code, message: translate(locale, key, params) };
}

export interface RowRules {
  /** What the city takes (e.g. Norwalk: utility bills only). */
  readonly payableKinds: readonly PayableKind[];
  readonly locale: Locale;
  /** The city's date (in its time zone): no bill is issued after it, and a bill's dates lie within DATE_WINDOW of it. */
  readonly today: IsoDate;
}

/**
 * How far from today a bill's dates may lie, in days. Wide enough for a
 * city's back bills and a due date or service period ahead, narrow enough to
 * catch a mistyped year: "0202-06-20" made a bill 666,359 days past due,
 * open to disconnection at once, and "9999-12-31" one that never fell due.
 * The issue date has a nearer bound, today: a bill is owed from its issue
 * date, so one imported before it is issued would be asked of guests,
 * shown as due and taken by autopay months early.
 */
const DATE_WINDOW = { before: 3653, after: 731 } as const;

const MAX_DESCRIPTION = 200;

/** As long as an account number may be: a bill number is printed on the bill and read out from it. */
const MAX_BILL_NUMBER = 40;

/**
 * The most a bill charges, on any line and in total: what one adjustment can
 * take back. A bill is never altered once imported, so "9999999999" typed
 * for "99.99" must be refused here or it is owed for good.
 */
export const MAX_BILL_CENTS = MAX_ADJUSTMENT_CENTS;

/** What validBills refused, appended to as it reads: whole once the bills are. */
export interface RefusedRows {
  readonly errors: RowError[];
  /**
   * The refused rows whose account number is readable: the import checks
   * their accounts too, so an unknown account is reported with the row's
   * other problems rather than on the clerk's next try.
   */
  readonly accounts: { readonly line: number; readonly accountKey: string }[];
}

/**
 * Checks every row on its own (formats, dates, amounts in exact cents) and
 * across the batch (one row per bill number), reporting every problem rather
 * than stopping at the first. Account existence and earlier imports need the
 * database: the import service checks those.
 */
export function validateBillRows(rows: readonly BillRow[], rules: RowRules): { bills: ValidBill[] } & RefusedRows {
  const refused: RefusedRows = { errors: [], accounts: [] };
  const bills = [...validBills(rows, rules, refused)];
  return { bills, ...refused };
}

/**
 * validateBillRows as the rows are read: yields each valid bill and appends
 * each refused row to `refused`. Lazy so that an import streams the bills
 * checked so far to the database while it checks the rest (the database
 * parses them on another core meanwhile).
 */
export function* validBills(rows: readonly BillRow[], rules: RowRules, refused: RefusedRows): Generator<ValidBill> {
  const firstLineOf = new Map<string, number>();
  const earliest = addDays(rules.today, -DATE_WINDOW.before);
  const latest = addDays(rules.today, DATE_WINDOW.after);
  for (const row of rows) {
    const rowErrors: RowError[] = [];
    const fail = (field: BillColumn | null, code: UserErrorCode, key: MessageKey, params: MessageParams = {}) => rowErrors.push(rowError(rules.locale, row.line, field, code, key, params));
    const text = (column: BillColumn) => row.cells[column]?.trim() ?? '';

    // U+FFFD is what a decoder puts for bytes it could not read (a Windows-1252 file read as UTF-8): never a resident's text.
    for (const column of BILL_COLUMNS) {
      const cell = row.cells[column];
      if (cell?.includes('\uFFFD')) fail(column, UserErrorCode.INVALID_TEXT, 'billing.unreadableCharacter');
      else if (cell !== undefined && isUnsafeText(cell)) fail(column, UserErrorCode.INVALID_TEXT, 'edge.invalidText');
    }
    for (const column of REQUIRED_BILL_COLUMNS) if (text(column) === '') fail(column, UserErrorCode.REQUIRED, 'error.required');

    const referenceNumber = text('bill_number');
    const accountNumber = text('account_number');
    const billKey = billNumberKey(referenceNumber, (code, key, params) => fail('bill_number', code, key, params));
    const accountKey = accountNumber === '' ? null : referenceKey(accountNumber);
    if (accountNumber !== '' && !accountKey) fail('account_number', UserErrorCode.INVALID_ACCOUNT_NUMBER, 'billing.invalidAccountNumber');

    const kindText = text('kind').toUpperCase() || 'UTILITY_BILL';
    const kind = (PAYABLE_KINDS as readonly string[]).includes(kindText) ? (kindText as PayableKind) : null;
    if (!kind) fail('kind', UserErrorCode.INVALID_KIND, 'billing.invalidKind');
    else if (!rules.payableKinds.includes(kind)) fail('kind', UserErrorCode.INVALID_KIND, 'billing.kindNotTaken');

    const date = (column: BillColumn): IsoDate | null => {
      const value = text(column);
      if (value === '') return null;
      if (!isIsoDate(value)) fail(column, UserErrorCode.INVALID_DATE, 'billing.invalidDate');
      else if (value < earliest || value > latest) fail(column, UserErrorCode.INVALID_DATE, 'billing.dateOutOfRange');
      else if (column === 'issue_date' && value > rules.today) fail(column, UserErrorCode.DATE_IN_FUTURE, 'billing.issueDateAhead', { today: rules.today });
      else return value;
      return null;
    };
    const issueDate = date('issue_date');
    const dueDate = date('due_date');
    const periodStart = date('period_start');
    const periodEnd = date('period_end');
    if (issueDate && dueDate && dueDate < issueDate) fail('due_date', UserErrorCode.INVALID_DATE, 'billing.dueBeforeIssue');
    if (periodStart && periodEnd && periodEnd < periodStart) fail('period_end', UserErrorCode.INVALID_DATE, 'billing.periodEndBeforeStart');

    const lines: { category: LineCategory; description: string; amountCents: bigint }[] = [];
    let totalCents = 0n;
    let amountRefused = false;
    const tooLarge = (field: BillColumn | null) => fail(field, UserErrorCode.INVALID_AMOUNT, 'billing.billAmountTooLarge', { max: formatMoney(money(MAX_BILL_CENTS), rules.locale) });
    for (const [column, category, description] of AMOUNT_COLUMNS) {
      const value = text(column);
      if (value === '') continue;
      const parsed = parseMoney(plainAmount(value));
      if (!parsed.ok) {
        const key = parsed.error === 'NEGATIVE_AMOUNT' ? 'billing.amountNegative' : parsed.error === 'TOO_MANY_DECIMALS' ? 'billing.amountFractionalCent' : 'billing.invalidAmount';
        fail(column, UserErrorCode.INVALID_AMOUNT, key);
        amountRefused = true;
      } else if (parsed.value.cents > MAX_BILL_CENTS) {
        tooLarge(column);
        amountRefused = true;
      } else if (parsed.value.cents > 0n) {
        lines.push({ category, description, amountCents: parsed.value.cents });
        totalCents += parsed.value.cents;
      }
    }
    if (totalCents === 0n && !amountRefused) fail(null, UserErrorCode.INVALID_AMOUNT, 'billing.noAmount');
    else if (totalCents > MAX_BILL_CENTS && !amountRefused) tooLarge(null);

    const description = text('description') || null;
    if (description && description.length > MAX_DESCRIPTION) fail('description', UserErrorCode.TOO_LONG, 'error.tooLong', { max: MAX_DESCRIPTION });
    else if (description && containsCardNumber(description)) fail('description', UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');

    if (billKey && kind) {
      const seen = firstLineOf.get(`${kind}:${billKey}`);
      if (seen !== undefined) fail('bill_number', UserErrorCode.DUPLICATE_BILL_NUMBER, 'billing.duplicateBillNumber', { line: seen });
      else firstLineOf.set(`${kind}:${billKey}`, row.line);
    }

    if (rowErrors.length > 0 || !billKey || !accountKey || !kind || !issueDate || !dueDate) {
      refused.errors.push(...rowErrors);
      if (accountKey) refused.accounts.push({ line: row.line, accountKey });
      continue;
    }
    yield { line: row.line, referenceNumber, referenceKey: billKey, accountKey, kind, issueDate, dueDate, periodStart, periodEnd, description, lines, totalCents };
  }
}

/**
 * A bill number's look-up key, or null when it is blank or refused (through
 * `fail`): a bill number is kept for good on the payable, shown to any guest
 * who looks the bill up and printed on receipts, so one that is (or holds) a
 * card number must never be stored, however it got into the file.
 */
function billNumberKey(referenceNumber: string, fail: (code: UserErrorCode, key: MessageKey, params?: MessageParams) => void): string | null {
  if (referenceNumber === '') return null;
  if (referenceNumber.length > MAX_BILL_NUMBER) fail(UserErrorCode.TOO_LONG, 'error.tooLong', { max: MAX_BILL_NUMBER });
  else if (holdsIssuedCardNumber(referenceNumber)) fail(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');
  else {
    const key = referenceKey(referenceNumber);
    if (key) return key;
    fail(UserErrorCode.INVALID_BILL_NUMBER, 'billing.invalidBillNumber');
  }
  return null;
}

/**
 * "$1,204.50" as billing systems export it -> "1204.50"; commas count only as thousands separators. Zeros past the
 * cents are dropped ("45.1000", from a system keeping four places, is $45.10): only a real fraction of a cent is refused.
 */
function plainAmount(text: string): string {
  const unsigned = text.replace(/^(-?)\$/, '$1');
  const plain = /^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(unsigned) ? unsigned.replace(/,/g, '') : unsigned;
  return plain.replace(/^(-?\d+\.\d\d)0+$/, '$1');
}
