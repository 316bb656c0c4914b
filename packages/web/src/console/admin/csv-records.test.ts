import { countCsvRecords, decodeCsvBytes } from './csv-records';

describe('countCsvRecords', () => {
  it('counts the rows after the header, with LF or CRLF, skipping blank lines and a trailing newline', () => {
    expect(countCsvRecords('a,b\n1,2\n3,4\n')).toBe(2);
    expect(countCsvRecords('a,b\r\n1,2\r\n\r\n3,4')).toBe(2);
    expect(countCsvRecords('\uFEFFa,b\n1,2')).toBe(1);
  });

  it('counts a quoted cell holding line breaks and quotes as part of one row', () => {
    expect(countCsvRecords('a,b\n"line one\nline two",2\n"say ""hi""\r\n",3\n')).toBe(2);
  });

  it('skips rows whose cells hold nothing but spaces, as the API does: the ",,,," a spreadsheet saves below its data', () => {
    expect(countCsvRecords('a,b,c\r\n1,2,3\r\n4,5,6\r\n,,\r\n,,\r\n , ,\t\r\n"",,\r\n ')).toBe(2);
    expect(countCsvRecords('a,b\n,x\n"",""""\n" ",\n')).toBe(2);
  });

  it('counts a quote inside an unquoted cell as a character, as the API reads it, not as a quoted cell running on to the end of the file', () => {
    // A pipe size in inches in a description: the API imports these three bills; the page said "1 bill".
    expect(countCsvRecords('bill_number,description\nB-1,Replaced 3/4" meter\nB-2,Reread\nB-3,Reread\n')).toBe(3);
    expect(countCsvRecords('bill_number,description\nB-1,5" main\nB-2,8" main\nB-3,"quoted, ""as usual"""\n')).toBe(3);
  });

  it('is zero for an empty file or a header alone', () => {
    expect(countCsvRecords('')).toBe(0);
    expect(countCsvRecords('\n\n')).toBe(0);
    expect(countCsvRecords('a,b\n')).toBe(0);
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8 as UTF-8, and a file that is not UTF-8 as Windows-1252 (Excel\'s plain "CSV"), never with U+FFFD', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('medidor dañado, €5'))).toBe('medidor dañado, €5');
    // "medidor dañado" as Windows-1252 writes it: ñ is the single byte 0xF1, not UTF-8 on its own. (Bytes 0x80 to 0x9F,
    // "€" or "’", are left to the browser test: Node's own TextDecoder reads them as Latin-1, nodejs/node#56542.)
    expect(decodeCsvBytes(Buffer.from('medidor dañado', 'latin1'))).toBe('medidor dañado');
  });
});
