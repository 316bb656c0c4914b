import fc from 'fast-check';
import { MAX_BILL_CENTS, validateBillRows, type BillRow } from './bill-rows';

const rules = { payableKinds: ['UTILITY_BILL', 'CITATION'] as const, locale: 'en' as const, today: '2026-11-23' };
const row = (cells: BillRow['cells'], line = 2): BillRow => ({ line, cells: { bill_number: 'B-1', account_number: '10-1', issue_date: '2026-11-01', due_date: '2026-11-22', ...cells } });

describe('validateBillRows', () => {
  it('turns a good row into a bill with exact cents per line', () => {
    const { bills, errors } = validateBillRows([row({ water: '45.10', sewer: '$1,022.00', trash: '18.7', fees: '0' })], rules);
    expect(errors).toEqual([]);
    expect(bills[0]).toMatchObject({
      referenceKey: 'B1',
      accountKey: '101',
      kind: 'UTILITY_BILL',
      totalCents: 108580n,
      lines: [
        { category: 'WATER', amountCents: 4510n },
        { category: 'SEWER', amountCents: 102200n },
        { category: 'TRASH', amountCents: 1870n },
      ],
    });
  });

  it('refuses commas that are not thousands separators, and amounts with symbols it does not know', () => {
    const { errors } = validateBillRows([row({ water: '1,20.50' }), row({ bill_number: 'B-2', water: '€5.00' }, 3)], rules);
    expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'water', 'INVALID_AMOUNT'],
      [3, 'water', 'INVALID_AMOUNT'],
    ]);
  });

  it('reports every problem of a row, not just the first', () => {
    const { bills, errors } = validateBillRows([{ line: 5, cells: { kind: 'PARKING', issue_date: '2026-02-30', water: '-1' } }], rules);
    expect(bills).toEqual([]);
    expect(errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'account_number:REQUIRED',
      'bill_number:REQUIRED',
      'due_date:REQUIRED',
      'issue_date:INVALID_DATE',
      'kind:INVALID_KIND',
      'water:INVALID_AMOUNT',
    ]);
  });

  it('refuses a date more than ten years before the city’s today or two years after it: a mistyped year', () => {
    const { bills, errors } = validateBillRows(
      [
        row({ issue_date: '0202-06-20', due_date: '2026-07-11', water: '1' }),
        row({ bill_number: 'B-2', issue_date: '2026-06-20', due_date: '9999-12-31', water: '1' }, 3),
        row({ bill_number: 'B-3', issue_date: '2026-06-20', due_date: '2026-07-11', period_start: '2016-11-21', water: '1' }, 4),
        row({ bill_number: 'B-4', issue_date: '2016-11-23', due_date: '2028-11-23', period_end: '2028-11-24', water: '1' }, 5),
      ],
      rules,
    );
    expect(errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [2, 'issue_date', 'INVALID_DATE', 'More than ten years ago or two years ahead: check the year.'],
      [3, 'due_date', 'INVALID_DATE', 'More than ten years ago or two years ahead: check the year.'],
      [4, 'period_start', 'INVALID_DATE', 'More than ten years ago or two years ahead: check the year.'],
      [5, 'period_end', 'INVALID_DATE', 'More than ten years ago or two years ahead: check the year.'],
    ]);
    expect(bills).toEqual([]);
  });

  it('refuses an issue date after the city’s today: a bill is owed from its issue date, so it is imported once issued', () => {
    const { bills, errors } = validateBillRows(
      [
        row({ issue_date: '2026-11-23', due_date: '2026-12-14', water: '1' }),
        row({ bill_number: 'B-2', issue_date: '2026-11-24', due_date: '2026-12-15', water: '1' }, 3),
        row({ bill_number: 'B-3', issue_date: '2027-02-20', due_date: '2027-03-13', period_start: '2027-01-01', water: '1' }, 4),
      ],
      rules,
    );
    expect(bills.map((bill) => bill.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [3, 'issue_date', 'DATE_IN_FUTURE', 'The issue date is after today (2026-11-23): a bill is imported once it is issued.'],
      [4, 'issue_date', 'DATE_IN_FUTURE', 'The issue date is after today (2026-11-23): a bill is imported once it is issued.'],
    ]);
    expect(validateBillRows([row({ issue_date: '2026-11-24', water: '1' })], { ...rules, locale: 'es' }).errors[0]?.message).toBe(
      'La fecha de emisión es posterior a hoy (2026-11-23): una factura se importa una vez emitida.',
    );
  });

  it('refuses a cell holding U+FFFD, what a file read in the wrong encoding shows for the letters it lost, naming its column', () => {
    const { bills, errors } = validateBillRows([row({ water: '1', description: 'Lectura estimada: medidor da\uFFFDado' })], rules);
    expect({ bills, errors: errors.map((e) => [e.line, e.field, e.code]) }).toEqual({ bills: [], errors: [[2, 'description', 'INVALID_TEXT']] });
  });

  it('refuses a bill number that is or holds a card number, however written, as it refuses one in the description (found by review: stored and shown to guests)', () => {
    const cards = ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '4111.1111.1111.1111', 'INV-4111111111111111', '３７８２ ８２２４６３ １０００５'];
    const { bills, errors } = validateBillRows(
      cards.map((card, i) => row({ bill_number: card, water: '1' }, i + 2)),
      rules,
    );
    expect({ bills, errors: errors.map((e) => [e.line, e.field, e.code]) }).toEqual({ bills: [], errors: cards.map((_, i) => [i + 2, 'bill_number', 'CARD_NUMBER_NOT_ACCEPTED']) });
    // Billing systems' long numbers that are no card's (no network's prefix or length) are bills like any other.
    const numbers = ['10-1002-00-20261001', '10-1001-00-20261101', '1002 2026 1101 0042', 'CIT-2026-0001234'];
    expect(
      validateBillRows(
        numbers.map((number, i) => row({ bill_number: number, water: '1' }, i + 2)),
        rules,
      ).errors,
    ).toEqual([]);
  });

  it('refuses a bill number longer than an account number may be', () => {
    const { bills, errors } = validateBillRows([row({ bill_number: `B-${'1 '.repeat(20)}`, water: '1' }), row({ bill_number: 'ABC-'.repeat(10), water: '1' }, 3)], rules);
    expect({ bills: bills.map((bill) => bill.line), errors: errors.map((e) => [e.line, e.field, e.code, e.message]) }).toEqual({
      bills: [3],
      errors: [[2, 'bill_number', 'TOO_LONG', 'At most 40 characters.']],
    });
  });

  it('hands back the readable account number of every refused row, so the import checks its account too', () => {
    const { accounts } = validateBillRows(
      [row({ issue_date: '2026-13-01', water: '1' }), row({ bill_number: 'B-2', account_number: '', water: '1' }, 3), row({ bill_number: 'B-3', water: '1' }, 4)],
      rules,
    );
    expect(accounts).toEqual([{ line: 2, accountKey: '101' }]);
  });

  it('lets a citation and a bill share a number, but not two bills', () => {
    const { errors } = validateBillRows([row({ water: '1' }), row({ kind: 'citation', other: '1' }, 3), row({ water: '2' }, 4)], rules);
    expect(errors.map((e) => [e.line, e.code])).toEqual([[4, 'DUPLICATE_BILL_NUMBER']]);
  });

  it('reads any amount in dollars and cents exactly up to the maximum (no floating point), and refuses any beyond it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), (cents) => {
        const { bills, errors } = validateBillRows([row({ water: dollars(cents) })], rules);
        if (cents <= MAX_BILL_CENTS) expect(bills[0]?.totalCents).toBe(cents);
        else expect({ bills, errors: errors.map((e) => [e.field, e.code]) }).toEqual({ bills: [], errors: [['water', 'INVALID_AMOUNT']] });
      }),
    );
  });

  it('refuses an amount, or a total, more than one adjustment could take back, naming the maximum', () => {
    const { bills, errors } = validateBillRows(
      [
        row({ water: '9999999999' }),
        row({ bill_number: 'B-2', water: '1,000,000.00' }, 3),
        row({ bill_number: 'B-3', sewer: '$1,000,000.01' }, 4),
        row({ bill_number: 'B-4', water: '600000.00', sewer: '400000.01' }, 5),
        row({ bill_number: 'B-5', water: '600000.00', sewer: '400000.00' }, 6),
      ],
      rules,
    );
    const message = 'At most $1,000,000.00 on one bill, for each amount and in total: one adjustment could not correct more.';
    expect(errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [2, 'water', 'INVALID_AMOUNT', message],
      [4, 'sewer', 'INVALID_AMOUNT', message],
      [5, null, 'INVALID_AMOUNT', message],
    ]);
    expect(bills.map((bill) => [bill.line, bill.totalCents])).toEqual([
      [3, MAX_BILL_CENTS],
      [6, MAX_BILL_CENTS],
    ]);
    expect(validateBillRows([row({ water: '9999999999' })], { ...rules, locale: 'es' }).errors[0]?.message).toBe(
      'Como máximo $1,000,000.00 por factura, en cada importe y en total: un ajuste no podría corregir más.',
    );
  });
});

const dollars = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
