import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads a header and rows, with their line numbers', () => {
    const parsed = parseCsv('Bill_Number,Amount\r\nB-1,10.00\r\nB-2,20.00\r\n');
    expect(parsed).toEqual({
      ok: true,
      header: ['bill_number', 'amount'],
      records: [
        { line: 2, cells: ['B-1', '10.00'] },
        { line: 3, cells: ['B-2', '20.00'] },
      ],
    });
  });

  it('handles quotes, commas and line breaks inside cells, a BOM and blank lines', () => {
    const parsed = parseCsv('\uFEFFa,b\n"x, y","say ""hi"""\n\n"multi\nline",z\nlast,row');
    expect(parsed.ok && parsed.records).toEqual([
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
      { line: 6, cells: ['last', 'row'] },
    ]);
  });

  it('skips a blank line that holds only spaces or a tab, as a hand-edited file has them', () => {
    expect(parseCsv('a,b\r\n1,2\r\n \r\n\t\r\n3,4\r\n  ')).toEqual({
      ok: true,
      header: ['a', 'b'],
      records: [
        { line: 2, cells: ['1', '2'] },
        { line: 5, cells: ['3', '4'] },
      ],
    });
  });

  it('reports the line of a row with the wrong number of cells', () => {
    expect(parseCsv('a,b\n1,2\n3\n')).toMatchObject({ ok: false, line: 3, problem: { code: 'WRONG_CELL_COUNT', expected: 2, found: 1 } });
  });

  it('refuses text after a closing quote instead of running it on into the cell', () => {
    expect(parseCsv('a,b\n1,"100"00\n')).toMatchObject({ ok: false, line: 2, problem: { code: 'TEXT_AFTER_QUOTE' } });
    expect(parseCsv('a,b\n"10-2"x,1\n')).toMatchObject({ ok: false, line: 2, problem: { code: 'TEXT_AFTER_QUOTE' } });
    expect(parseCsv('a,b\n"x" ,1\n')).toMatchObject({ ok: false, line: 2, problem: { code: 'TEXT_AFTER_QUOTE' } });
    // A closing quote before a comma, a line break (LF or CRLF) or the end of the file is a cell's end.
    expect(parseCsv('a,b\r\n"1","2"\r\n"3","4"')).toMatchObject({ ok: true, records: [{ cells: ['1', '2'] }, { cells: ['3', '4'] }] });
  });

  it('reports an unterminated quote, an empty file and a repeated column', () => {
    expect(parseCsv('a,b\n"open,2\n')).toMatchObject({ ok: false, line: 2, problem: { code: 'UNTERMINATED_QUOTE' } });
    expect(parseCsv('')).toMatchObject({ ok: false, problem: { code: 'EMPTY' } });
    expect(parseCsv('a,A\n1,2')).toMatchObject({ ok: false, problem: { code: 'DUPLICATE_HEADER', column: 'a' } });
  });

  it('leaves rows of empty cells and columns with no name to the reader: they are rows and columns like any other', () => {
    expect(parseCsv('a,, \n1,,\n,,\n')).toEqual({
      ok: true,
      header: ['a', '', ''],
      records: [
        { line: 2, cells: ['1', '', ''] },
        { line: 3, cells: ['', '', ''] },
      ],
    });
  });
});
