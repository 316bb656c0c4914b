import { billCsvProblemText, readBillCsv } from './bill-csv';

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
    expect(readBillCsv([`${HEADER},`, `${BILL},`, `${BILL},99.99`].join('\n'))).toEqual({ ok: false, line: 1, problem: { code: 'UNKNOWN_COLUMNS', columns: [6] } });
    expect(readBillCsv([`${HEADER},total`, `${BILL},1`].join('\n'))).toEqual({ ok: false, line: 1, problem: { code: 'UNKNOWN_COLUMNS', columns: ['total'] } });
  });

  it("says each problem in the reader's language, the column with no name too", () => {
    const problem = { code: 'UNKNOWN_COLUMNS', columns: ['total', 6] } as const;
    expect(billCsvProblemText('en', problem)).toBe('unknown column(s): total, unnamed column 6');
    expect(billCsvProblemText('es', problem)).toBe('columnas desconocidas: total, columna sin nombre 6');
    expect(billCsvProblemText('es', { code: 'DUPLICATE_HEADER', column: 'water' })).toBe('la columna "water" aparece dos veces');
    expect(billCsvProblemText('es', { code: 'EMPTY' })).toBe('el archivo no tiene fila de encabezado');
  });
});
