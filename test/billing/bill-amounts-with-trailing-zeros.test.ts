import { BILL_HEADER, accountById, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * Billing systems that keep amounts to four places (a NUMERIC(12,4) column)
 * export "45.1000" for $45.10. The import refused every such cell as "at most
 * two decimals", so a city's whole file came back refused for amounts that
 * are exact cents, and the clerk was told to fix what was not wrong (found by
 * the bill-import attacker). Zeros past the cents are now read as what they
 * are; a real fraction of a cent is still refused, at its line and column.
 */

const env = platformWithStaff('norwalk', 'ADMIN');

it('takes amounts written with zeros past the cents as those cents, and still refuses a fraction of a cent', async () => {
  const account = await openAccount(env.staff, { accountNumber: '31-0001-00' });
  const refused = await importCsv(env.staff, [BILL_HEADER, 'B-3101,31-0001-00,2026-09-01,2026-09-22,45.1000,22.000,"1,018.7500"', 'B-3102,31-0001-00,2026-10-01,2026-10-22,45.1050,,'].join('\n'));
  expect(refused.rowErrors).toEqual([{ line: 3, field: 'water', code: 'INVALID_AMOUNT', message: 'Amounts are in dollars and cents, with at most two decimals.' }]);

  const imported = await importCsv(env.staff, [BILL_HEADER, 'B-3101,31-0001-00,2026-09-01,2026-09-22,45.1000,22.000,"1,018.7500"'].join('\n'));
  expect(imported).toMatchObject({ imported: 1, rowErrorCount: 0, userErrors: [] });
  expect((await accountById(env.staff, account.id)).balance.posted.amount).toBe('1085.85');
});
