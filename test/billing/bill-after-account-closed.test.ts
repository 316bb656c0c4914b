import { FixedClock } from '@platform/testkit';
import { accountById, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * A closed account still takes its final bill, but it is never billed again:
 * autopay no longer pays it, and nobody looks at it. The import checked only
 * that the account existed, so a billing system that kept billing a closed
 * account put December's water on an account closed in November, owed by
 * nobody who would see it (found by the bill-import attacker). A bill whose
 * service period starts after the close is the row's ACCOUNT_CLOSED at its
 * account number, all or nothing like any row error; the final bill (service
 * up to the close, issued after it) and a charge with no service period
 * (which may be that final bill) still go in.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithStaff('norwalk', 'ADMIN', { clock });

const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status closedOn } userErrors { code } } }';
const HEADER = 'bill_number,account_number,issue_date,due_date,period_start,period_end,water';
const DRY_RUN = `mutation DryRun($csv: String!) { importBillsCsv(input: { csv: $csv, dryRun: true }) { imported rowErrors { line field code message } } }`;

it('refuses a bill for service after the account closed, at its account number, and takes its final bill issued after the close', async () => {
  const account = await openAccount(env.staff, { accountNumber: '87-0001-00' });
  const other = await openAccount(env.staff, { accountNumber: '87-0002-00' });
  expect((await env.staff.data<{ closeServiceAccount: unknown }>(CLOSE, { id: account.id })).closeServiceAccount).toEqual({
    serviceAccount: { status: 'CLOSED', closedOn: '2026-11-23' },
    userErrors: [],
  });

  clock.set(new Date('2027-01-05T18:00:00Z'));
  await env.signInAgain();
  const december = [HEADER, 'C-8701,87-0002-00,2027-01-02,2027-01-23,2026-12-01,2026-12-31,35.00', 'C-8702,87-0001-00,2027-01-02,2027-01-23,2026-12-01,2026-12-31,40.00'].join('\n');
  const refused = await importCsv(env.staff, december);
  expect({ imported: refused.imported, errors: refused.rowErrors }).toEqual({
    imported: 0,
    errors: [{ line: 3, field: 'account_number', code: 'ACCOUNT_CLOSED', message: 'This account was closed on 2026-11-23: it takes its final bill, not bills for service after it closed.' }],
  });
  // A dry run says the same, here in Spanish.
  expect((await env.staff.withHeaders({ 'accept-language': 'es' }).data<{ importBillsCsv: unknown }>(DRY_RUN, { csv: december })).importBillsCsv).toEqual({
    imported: 0,
    rowErrors: [{ line: 3, field: 'account_number', code: 'ACCOUNT_CLOSED', message: 'Esta cuenta se cerró el 2026-11-23: recibe su factura final, no facturas por servicio posterior al cierre.' }],
  });
  expect([(await accountById(env.staff, account.id)).balance.amountDueNow.amount, (await accountById(env.staff, other.id)).balance.amountDueNow.amount]).toEqual(['0.00', '0.00']);

  // Its final bill, for service up to the day it closed, and a bill with no service period, which may be that bill.
  const final = [HEADER, 'C-8703,87-0001-00,2027-01-02,2027-01-23,2026-11-01,2026-11-23,12.00', 'C-8704,87-0001-00,2027-01-02,2027-01-23,,,3.00'].join('\n');
  expect(await importCsv(env.staff, final)).toMatchObject({ imported: 2, rowErrors: [] });
  expect((await accountById(env.staff, account.id)).balance.amountDueNow.amount).toBe('15.00');
});
