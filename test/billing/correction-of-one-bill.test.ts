import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { newKey } from '../payments/payments-api';
import { ADJUST, BILL_HEADER, CHARGES_HEADER, accountById, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * Bills are never altered: staff correct one with an adjustment. An
 * adjustment belonged to the account alone, and a credit paid the oldest
 * charges first, as a payment to the account does. So in Norman, crediting
 * back a dismissed $150 citation paid off the unpaid September water bill
 * instead: past due dropped to $0.00 and the sweep took the account out of
 * disconnection, though nobody paid for the water (found by the bill-import
 * attacker). An adjustment now names the payable it corrects (`payableId`)
 * and applies to it, as a payment made to one payable pays that payable:
 * a credit pays down what it owes first, a charge is owed on it, due with it.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  admin = await signInStaff(platform, 'norman', 'ADMIN');
});
afterAll(() => platform.close());

type Adjusted = { recordAccountAdjustment: { entry: { id: string } | null; userErrors: { field: string[]; code: string }[] } };
const adjust = async (input: Record<string, unknown>) =>
  (await admin.data<Adjusted>(ADJUST, { input: { kind: 'ADJUSTMENT', memo: 'Correction', idempotencyKey: newKey('correction'), ...input } })).recordAccountAdjustment;
const payableId = async (number: string) => (await tenantRows<{ id: string }>(platform, 'norman', 'SELECT id FROM payables WHERE reference_number = $1', [number]))[0]!.id;

it('keeps the unpaid water bill past due, and the account eligible for disconnection, when a dismissed citation is credited back', async () => {
  const account = await openAccount(admin, { accountNumber: '8820-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, 'W-8821,8820-0001,2026-09-01,2026-09-22,100.00,,'].join('\n'));
  await importCsv(admin, [CHARGES_HEADER, 'CIT-8822,8820-0001,CITATION,2026-11-01,2026-12-01,150.00,Tall grass'].join('\n'));
  await platform.runJob('billing.disconnection-sweep');
  expect((await accountById(admin, account.id)).status).toBe('DISCONNECT_ELIGIBLE');

  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('CIT-8822'), amount: '-150.00', memo: 'Citation CIT-8822 dismissed at hearing' })).userErrors).toEqual([]);
  await platform.runJob('billing.disconnection-sweep');

  const after = await accountById(admin, account.id);
  expect({ status: after.status, owed: after.balance.amountDueNow.amount, pastDue: after.balance.pastDue.amount, days: after.balance.daysPastDue }).toEqual({
    status: 'DISCONNECT_ELIGIBLE',
    owed: '100.00',
    pastDue: '100.00',
    days: 62,
  });
});

it('applies a credit beyond what the named bill owes to the account, and owes a charge on a bill with it, by its due date', async () => {
  const account = await openAccount(admin, { accountNumber: '8820-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, 'W-8823,8820-0002,2026-10-01,2026-10-22,40.00,,', 'W-8824,8820-0002,2026-11-01,2026-12-10,60.00,,'].join('\n'));

  // December's bill read $10 short: the $10 more is due with it on December 10, not today.
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8824'), amount: '10.00', memo: 'Meter misread' })).userErrors).toEqual([]);
  let balance = (await accountById(admin, account.id)).balance;
  expect({ owed: balance.amountDueNow.amount, pastDue: balance.pastDue.amount, next: balance.nextDueDate }).toEqual({ owed: '110.00', pastDue: '40.00', next: '2026-12-10' });

  // $80 off a $70 bill: the $10 beyond it pays the oldest other charge, as a payment of a bill beyond its amount does.
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8824'), amount: '-80.00', memo: 'Billed the wrong house' })).userErrors).toEqual([]);
  balance = (await accountById(admin, account.id)).balance;
  expect({ owed: balance.amountDueNow.amount, pastDue: balance.pastDue.amount }).toEqual({ owed: '30.00', pastDue: '30.00' });
});

it('refuses a payable that is not the account’s, at payableId, and a key reused for the same correction of another bill', async () => {
  const account = await openAccount(admin, { accountNumber: '8820-0003', city: 'Norman', region: 'OK', postalCode: '73069' });
  const neighbour = await openAccount(admin, { accountNumber: '8820-0004', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(
    admin,
    [BILL_HEADER, 'W-8825,8820-0003,2026-11-01,2026-12-01,50.00,,', 'W-8826,8820-0004,2026-11-01,2026-12-01,50.00,,', 'W-8827,8820-0003,2026-11-02,2026-12-02,50.00,,'].join('\n'),
  );

  expect(await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8826'), amount: '-50.00' })).toEqual({
    entry: null,
    userErrors: [expect.objectContaining({ field: ['input', 'payableId'], code: 'PAYABLE_NOT_FOUND' })],
  });
  expect((await accountById(admin, neighbour.id)).balance.amountDueNow.amount).toBe('50.00');

  const idempotencyKey = newKey('same-key');
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8825'), amount: '-5.00', idempotencyKey })).userErrors).toEqual([]);
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8825'), amount: '-5.00', idempotencyKey })).userErrors).toEqual([]);
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('W-8827'), amount: '-5.00', idempotencyKey })).userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  expect((await accountById(admin, account.id)).balance.amountDueNow.amount).toBe('95.00');
});

it('shows what each bill still owes, and lists the open ones oldest first, as the corrections and payments left them', async () => {
  const account = await openAccount(admin, { accountNumber: '8820-0005', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, 'W-8828,8820-0005,2026-09-01,2026-09-22,100.00,,'].join('\n'));
  await importCsv(admin, [CHARGES_HEADER, 'CIT-8829,8820-0005,CITATION,2026-11-01,2026-12-01,150.00,Tall grass'].join('\n'));
  const OWED = `query Owed($id: UUID!) { serviceAccount(id: $id) {
    payables { referenceNumber amountOwed { amount } } openPayables { referenceNumber description amountOwed { amount } } } }`;
  type Owed = {
    serviceAccount: {
      payables: { referenceNumber: string; amountOwed: { amount: string } }[];
      openPayables: { referenceNumber: string; description: string | null; amountOwed: { amount: string } }[];
    };
  };
  const owed = async () => {
    const { serviceAccount } = await admin.data<Owed>(OWED, { id: account.id });
    return {
      each: Object.fromEntries(serviceAccount.payables.map((p) => [p.referenceNumber, p.amountOwed.amount])),
      open: serviceAccount.openPayables.map((p) => `${p.referenceNumber} ${p.description ?? ''} ${p.amountOwed.amount}`.replace(/\s+/g, ' ')),
    };
  };
  expect(await owed()).toEqual({ each: { 'W-8828': '100.00', 'CIT-8829': '150.00' }, open: ['W-8828 100.00', 'CIT-8829 Tall grass 150.00'] });

  // $20 to the account in general pays the oldest bill; the dismissed citation credited by name leaves the list.
  expect((await adjust({ serviceAccountId: account.id, amount: '-20.00', memo: 'Goodwill' })).userErrors).toEqual([]);
  expect((await adjust({ serviceAccountId: account.id, payableId: await payableId('CIT-8829'), amount: '-150.00', memo: 'Dismissed' })).userErrors).toEqual([]);
  expect(await owed()).toEqual({ each: { 'W-8828': '80.00', 'CIT-8829': '0.00' }, open: ['W-8828 80.00'] });
});
