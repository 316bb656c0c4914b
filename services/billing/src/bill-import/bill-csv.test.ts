import { readBillCsv } from './bill-csv';

const HEADER = 'bill_number,account_number,issue_date,due_date,water';
const BILL = 'B-1,10-1,2026-11-01,2026-11-22,45.10';
const bill = (line: number) => ({ line, cells: { bill_number: 'B-1', account_number: '10-1', issue_date: '2026-11-01', due_date: '2026-11-22', water: '45.10' } });

describe('readBillCsv', () => {
  it('skips rows of empty cells, as a spreadsheet saves them, keeping every other row at its line', () => {
    expect(readBillCsv([HEADER, ',,,,', BILL, ' , ,\t,,', '', BILL, ',,,,'].join('\r\n'))).toEqual({ ok: true, rows: [bill(3), bill(6)] });
  });

  it('still reads a row with any cell filled in, so its problems are reported at its line', () => {
    expect(readBillCsv([HEADER, ',,,,0'].join('\n'))).toEqual({ ok: true, rows: [{ line: 2, cells: { bill_number: '', account_number: '', issue_date: '', due_date: '', water: '0' } }] });
  });

  it('ignores columns with no name while their cells are empty', () => {
    expect(readBillCsv([`${HEADER},,`, `${BILL},,`, ',,,,,,'].join('\n'))).toEqual({ ok: true, rows: [bill(2)] });
  });

  it('names a column with no name by its position when a cell of it holds something', () => {
    expect(readBillCsv([`${HEADER},`, `${BILL},`, `${BILL},99.99`].join('\n'))).toEqual({ ok: false, line: 1, detail: 'unknown column(s): unnamed column 6' });
    expect(readBillCsv([`${HEADER},total`, `${BILL},1`].join('\n'))).toEqual({ ok: false, line: 1, detail: 'unknown column(s): total' });
  });
});
