import { randomUUID } from 'node:crypto';
import { ADJUST, BILL_HEADER, IMPORT_LIST, accountById, importCsv, openAccount, type ImportResult, platformWithStaff } from './billing-api';

/*
 * The ledger is append-only: a bill, once imported, is corrected only by
 * adjustments, and one adjustment moves at most $1,000,000.00 ("a slip of
 * the keyboard, 9999999999 for 99.99, must not reach the ledger"). The same
 * slip in a bill file must not reach it either: no bill may charge more than
 * one adjustment can take back, whichever way the bills come in.
 */
const env = platformWithStaff('norwalk', 'ADMIN');

type Adjusted = { recordAccountAdjustment: { entry: { id: string } | null; userErrors: { code: string; message: string }[] } };
const adjust = (serviceAccountId: string, amount: string) =>
  env.staff.data<Adjusted>(ADJUST, { input: { serviceAccountId, kind: 'ADJUSTMENT', amount, memo: 'typo in the bill file', idempotencyKey: randomUUID() } });
const dollars = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

it('refuses a bill amount typed as 9999999999 for 99.99, which no adjustment could take back', async () => {
  const account = await openAccount(env.staff, { accountNumber: '65-0001-00' });
  const result = await importCsv(env.staff, [BILL_HEADER, 'BA-6501,65-0001-00,2026-11-01,2026-11-22,9999999999,,'].join('\n'));
  // Before the fix the bill was imported and the resident owed $9,999,999,999.00 ...
  const balance = (await accountById(env.staff, account.id)).balance;
  // ... and the largest correction the platform allows does not come close to undoing it.
  const correction = await adjust(account.id, '-9999999999.00');
  expect(correction.recordAccountAdjustment.userErrors.map((e) => e.code)).toEqual(['INVALID_AMOUNT']);
  expect({ imported: result.imported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]), owed: balance.amountDueNow.amount }).toEqual({
    imported: 0,
    rowErrors: [[2, 'water', 'INVALID_AMOUNT']],
    owed: '0.00',
  });
  expect(result.rowErrors[0]?.message).toBe('At most $1,000,000.00 on one bill, for each amount and in total: one adjustment could not correct more.');
});

it('takes a bill up to exactly what one adjustment takes back, on a line or in total, and not a cent more', async () => {
  // The limit as the adjustment enforces it, read from its refusal: the bill import must follow it if it changes.
  const probe = await openAccount(env.staff);
  const refusal = (await adjust(probe.id, '-9999999999.00')).recordAccountAdjustment.userErrors[0]?.message ?? '';
  const named = /\$([\d,]+\.\d\d)/.exec(refusal)?.[1]?.replace(/,/g, '');
  expect(named).toMatch(/^\d+\.\d\d$/);
  const limitCents = BigInt(named!.replace('.', ''));
  const half = limitCents / 2n;

  const account = await openAccount(env.staff, { accountNumber: '65-0002-00' });
  const rows = [`BA-6511,65-0002-00,2026-11-01,2026-11-22,${dollars(limitCents + 1n)},,`, `BA-6512,65-0002-00,2026-11-01,2026-11-22,${dollars(half)},${dollars(limitCents - half + 1n)},`];
  const refused = await importCsv(env.staff, [BILL_HEADER, ...rows].join('\n'));
  expect({ imported: refused.imported, rowErrors: refused.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
    imported: 0,
    rowErrors: [
      [2, 'water', 'INVALID_AMOUNT'],
      [3, null, 'INVALID_AMOUNT'],
    ],
  });

  const taken = await importCsv(env.staff, [BILL_HEADER, `BA-6513,65-0002-00,2026-11-01,2026-11-22,${dollars(half)},${dollars(limitCents - half)},`].join('\n'));
  expect({ imported: taken.imported, rowErrors: taken.rowErrors }).toEqual({ imported: 1, rowErrors: [] });
  expect((await accountById(env.staff, account.id)).balance.posted.amount).toBe(dollars(limitCents));
  // The largest bill there can be is undone by one adjustment.
  expect((await adjust(account.id, `-${dollars(limitCents)}`)).recordAccountAdjustment.userErrors).toEqual([]);
  expect((await accountById(env.staff, account.id)).balance.posted.amount).toBe('0.00');
});

it('refuses the same amounts sent as BillInput, naming the field', async () => {
  await openAccount(env.staff, { accountNumber: '65-0003-00' });
  const bill = { accountNumber: '65-0003-00', issueDate: '2026-11-01', dueDate: '2026-11-22' };
  const { importBills } = await env.staff.data<{ importBills: ImportResult }>(IMPORT_LIST, {
    bills: [
      { ...bill, billNumber: 'BA-6521', water: '99.99' },
      { ...bill, billNumber: 'BA-6522', sewer: '9999999999' },
      { ...bill, billNumber: 'BA-6523', water: '500000.00', trash: '500000.01' },
    ],
  });
  expect({ imported: importBills.imported, rowErrors: importBills.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
    imported: 0,
    rowErrors: [
      [2, 'sewer', 'INVALID_AMOUNT'],
      [3, null, 'INVALID_AMOUNT'],
    ],
  });
});
