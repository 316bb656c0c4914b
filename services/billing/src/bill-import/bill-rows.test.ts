import fc from 'fast-check';
import { validateBillRows, type BillRow } from './bill-rows';

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

  it('lets a citation and a bill share a number, but not two bills', () => {
    const { errors } = validateBillRows([row({ water: '1' }), row({ kind: 'citation', other: '1' }, 3), row({ water: '2' }, 4)], rules);
    expect(errors.map((e) => [e.line, e.code])).toEqual([[4, 'DUPLICATE_BILL_NUMBER']]);
  });

  it('reads any amount in dollars and cents exactly, however large (no floating point)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), (cents) => {
        const text = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        const { bills } = validateBillRows([row({ water: text })], rules);
        expect(bills[0]?.totalCents).toBe(cents);
      }),
    );
  });
});
