import { BILL_HEADER, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * "Blank lines are skipped." A spreadsheet saved as CSV writes a row it
 * considers used but empty (a formatted row below the data, a deleted row)
 * as a line of commas: ",,,,,,". It holds no bill, and must not make the
 * whole file's import fail with "required" errors on lines nobody sees.
 * Likewise a column it considers used but has no title for: a header ending
 * in ",".
 */
const env = platformWithStaff('norwalk', 'SUPPORT');

it('skips a spreadsheet row of empty cells as it skips a blank line', async () => {
  await openAccount(env.staff, { accountNumber: '66-0001-00' });
  const result = await importCsv(env.staff, [BILL_HEADER, 'SC-6601,66-0001-00,2026-11-01,2026-11-22,30.00,10.00,5.00', ',,,,,,', ',,,,,,'].join('\r\n'));
  expect({ imported: result.imported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({ imported: 1, rowErrors: [] });
});

it('skips a blank line that holds only a space or a tab (a hand-edited file), as it skips an empty one', async () => {
  await openAccount(env.staff, { accountNumber: '66-0005-00' });
  const result = await importCsv(env.staff, [BILL_HEADER, 'SC-6651,66-0005-00,2026-11-01,2026-11-22,5.00,,', ' ', '\t', 'SC-6652,66-0005-00,2026-11-01,2026-11-22,abc,,', '  ', ''].join('\r\n'));
  expect({ userErrors: result.userErrors, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({ userErrors: [], rowErrors: [[5, 'water', 'INVALID_AMOUNT']] });
  const fixed = await importCsv(env.staff, [BILL_HEADER, 'SC-6651,66-0005-00,2026-11-01,2026-11-22,5.00,,', ' ', '\t', 'SC-6652,66-0005-00,2026-11-01,2026-11-22,6.00,,', '  ', ''].join('\r\n'));
  expect({ userErrors: fixed.userErrors, imported: fixed.imported }).toEqual({ userErrors: [], imported: 2 });
});

it('reports a bad row at its line in the file, counting the rows of empty cells skipped before it', async () => {
  await openAccount(env.staff, { accountNumber: '66-0002-00' });
  const result = await importCsv(env.staff, [BILL_HEADER, ',,,,,,', 'SC-6611,66-0002-00,2026-11-01,2026-11-22,30.00,,', ' , ,,,,,', 'SC-6612,66-0002-00,2026-11-01,2026-11-22,abc,,'].join('\n'));
  expect({ received: result.received, imported: result.imported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
    received: 2,
    imported: 0,
    rowErrors: [[5, 'water', 'INVALID_AMOUNT']],
  });
});

it('ignores an untitled, empty column, and names one that holds something by its position', async () => {
  await openAccount(env.staff, { accountNumber: '66-0003-00' });
  const bill = 'SC-6621,66-0003-00,2026-11-01,2026-11-22,30.00,,';
  const taken = await importCsv(env.staff, [`${BILL_HEADER},`, `${bill},`, ',,,,,,,'].join('\n'));
  expect({ imported: taken.imported, rowErrors: taken.rowErrors, userErrors: taken.userErrors }).toEqual({ imported: 1, rowErrors: [], userErrors: [] });

  const refused = await importCsv(env.staff, [`${BILL_HEADER},`, `SC-6622,66-0003-00,2026-11-01,2026-11-22,30.00,,,total 30.00`].join('\n'));
  expect(refused.imported).toBe(0);
  expect(refused.userErrors).toEqual([{ field: ['input', 'csv'], code: 'MALFORMED_CSV', message: 'The CSV could not be read (line 1): unknown column(s): unnamed column 8.' }]);
});

it('says what is wrong with the file in the language the clerk reads, down to the column and the cell count', async () => {
  const spanish = env.staff.withHeaders({ 'Accept-Language': 'es' });
  const messageFor = async (csv: string) => (await importCsv(spanish, csv)).userErrors.map((e) => e.message);
  const bill = 'SC-6631,66-0004-00,2026-11-01,2026-11-22,30.00,,';
  expect(await messageFor([`${BILL_HEADER},,notes`, `${bill},see notes,total`].join('\n'))).toEqual(['No se pudo leer el CSV (línea 1): columnas desconocidas: columna sin nombre 8, notes.']);
  expect(await messageFor([BILL_HEADER, 'SC-6632,66-0004-00,2026-11-01'].join('\n'))).toEqual(['No se pudo leer el CSV (línea 2): se esperaban 7 celdas, hay 3.']);
  expect(await messageFor('account_number\n66-0004-00')).toEqual(['No se pudo leer el CSV (línea 1): faltan columnas: bill_number, issue_date, due_date.']);
});
