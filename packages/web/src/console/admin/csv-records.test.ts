import { countCsvRecords } from './csv-records';

describe('countCsvRecords', () => {
  it('counts the rows after the header, with LF or CRLF, skipping blank lines and a trailing newline', () => {
    expect(countCsvRecords('a,b\n1,2\n3,4\n')).toBe(2);
    expect(countCsvRecords('a,b\r\n1,2\r\n\r\n3,4')).toBe(2);
    expect(countCsvRecords('\uFEFFa,b\n1,2')).toBe(1);
  });

  it('counts a quoted cell holding line breaks and quotes as part of one row', () => {
    expect(countCsvRecords('a,b\n"line one\nline two",2\n"say ""hi""\r\n",3\n')).toBe(2);
  });

  it('is zero for an empty file or a header alone', () => {
    expect(countCsvRecords('')).toBe(0);
    expect(countCsvRecords('\n\n')).toBe(0);
    expect(countCsvRecords('a,b\n')).toBe(0);
  });
});
