import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { importCsv, signInStaff } from '../billing/billing-api';
import { REFUND, amountDue, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

// Noon in Norman, 10:00 in Norwalk, on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let normanStaff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  normanStaff = await signInStaff(platform, 'norman', 'ADMIN');
  const csv = ['bill_number,account_number,kind,issue_date,due_date,other', ...CITATIONS.map(([number, amount]) => `${number},2002-0933,CITATION,2026-11-01,2026-12-01,${amount}`)];
  expect((await importCsv(normanStaff, csv.join('\n'))).imported).toBe(CITATIONS.length);
});
afterAll(() => platform.close());

const CITATIONS = [
  ['CIT-9040', '40.00'],
  ['CIT-9075', '75.00'],
  ['CIT-9030', '30.00'],
  ['CIT-9010', '10.00'],
  ['CIT-9201', '200.00'],
  ['CIT-9202', '200.00'],
  ['CIT-9203', '200.00'],
] as const;

let nextAddress = 1;
const guest = (slug: string) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

/** A payable as a guest finds it by its number: its id, and what the page offers to pay. */
async function lookUp(referenceNumber: string): Promise<{ payableId: string; amountDue: { amount: string } }> {
  const { lookupPayable } = await guest('norman').data<{ lookupPayable: { payable: { payableId: string; amountDue: { amount: string } } | null } }>(
    'mutation Find($number: String!) { lookupPayable(input: { referenceNumber: $number }) { payable { payableId amountDue { amount } } } }',
    { number: referenceNumber },
  );
  if (!lookupPayable.payable) throw new Error(`no payable ${referenceNumber}`);
  return lookupPayable.payable;
}

const payableIdOf = async (referenceNumber: string): Promise<string> => (await lookUp(referenceNumber)).payableId;

const payPayable = async (payableId: string, amount: string, idempotencyKey = newKey('citation')) =>
  pay(guest('norman'), { idempotencyKey, allocations: [{ payableId, amount }], token: await cardToken(platform), payerEmail: 'cited@example.com' });

describe('a payable is paid at most what it still owes', () => {
  it('refuses paying a $40 citation a second time, before any charge', async () => {
    const payableId = await payableIdOf('CIT-9040');
    const first = await payPayable(payableId, '40.00');
    expect(first.payment?.status).toBe('CAPTURED');
    const charges = (await processorCharges(platform)).length;

    const again = await payPayable(payableId, '40.00');
    expect(again.payment).toBeNull();
    expect(again.userErrors).toEqual([{ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: 'At most $0.00 is left to pay on CIT-9040.' }]);
    expect(await processorCharges(platform)).toHaveLength(charges);
  });

  it('refuses $80 on a $75 citation, and takes it in parts up to the total', async () => {
    const payableId = await payableIdOf('CIT-9075');
    const over = await payPayable(payableId, '80.00');
    expect(over.userErrors).toEqual([expect.objectContaining({ code: 'EXCEEDS_AMOUNT_DUE', message: 'At most $75.00 is left to pay on CIT-9075.' })]);
    expect((await payPayable(payableId, '30.00')).payment?.status).toBe('CAPTURED');
    expect((await payPayable(payableId, '45.01')).userErrors).toEqual([expect.objectContaining({ code: 'EXCEEDS_AMOUNT_DUE', message: 'At most $45.00 is left to pay on CIT-9075.' })]);
    expect((await payPayable(payableId, '45.00')).payment?.status).toBe('CAPTURED');
  });

  it('a retry of the payment that paid it in full is still answered as that payment', async () => {
    const payableId = await payableIdOf('CIT-9010');
    const key = newKey('retry');
    const token = await cardToken(platform);
    const input = { idempotencyKey: key, allocations: [{ payableId, amount: '10.00' }], token, payerEmail: 'cited@example.com' };
    const first = await pay(guest('norman'), input);
    expect(first.payment?.status).toBe('CAPTURED');
    expect((await pay(guest('norman'), input)).payment?.id).toBe(first.payment!.id);
  });

  it('what was refunded is owed again', async () => {
    const payableId = await payableIdOf('CIT-9030');
    const paid = (await payPayable(payableId, '30.00')).payment!;
    const { refundPayment } = await normanStaff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
      input: { paymentId: paid.id, amount: '12.50', reason: 'Citation reduced on appeal', idempotencyKey: newKey('refund') },
    });
    expect(refundPayment.userErrors).toEqual([]);
    expect((await payPayable(payableId, '12.51')).userErrors).toEqual([expect.objectContaining({ code: 'EXCEEDS_AMOUNT_DUE' })]);
    expect((await payPayable(payableId, '12.50')).payment?.status).toBe('CAPTURED');
  });

  it.each(['CIT-9201', 'CIT-9202', 'CIT-9203'])('10 concurrent payments of the full amount of %s with different keys: one is captured, nine refused, one charge', async (citation) => {
    const payableId = await payableIdOf(citation);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cardToken(platform)));
    const before = (await processorCharges(platform)).length;
    const results = await Promise.all(
      tokens.map((token, i) => pay(guest('norman'), { idempotencyKey: newKey(`race${i}`), allocations: [{ payableId, amount: '200.00' }], token, payerEmail: `race${i}@example.com` })),
    );
    const captured = results.filter((r) => r.payment?.status === 'CAPTURED');
    const refused = results.filter((r) => r.payment === null);
    expect(captured).toHaveLength(1);
    expect(captured[0]!.userErrors).toEqual([]);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.userErrors).toEqual([expect.objectContaining({ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE' })]);
    expect(await processorCharges(platform)).toHaveLength(before + 1);
  });
});

describe("paying an account beyond what it owes is each city's rule", () => {
  const RULE = '{ tenant { paymentRules { accountCreditAllowed } } }';
  const setRule = (slug: string, allowed: boolean) =>
    platform.operator.data(`mutation { updateTenant(slug: "${slug}", input: { paymentRules: { accountCreditAllowed: ${allowed} } }) { userErrors { code } } }`);

  it('is shown on tenant { paymentRules }, allowed unless the city says otherwise', async () => {
    expect(await guest('norwalk').data(RULE)).toEqual({ tenant: { paymentRules: { accountCreditAllowed: true } } });
  });

  it('where credit is refused, an account takes at most what it owes after pending payments', async () => {
    await setRule('norwalk', false);
    try {
      expect(await guest('norwalk').data(RULE)).toEqual({ tenant: { paymentRules: { accountCreditAllowed: false } } });
      const { due } = await amountDue(guest('norwalk'), { accountNumber: '10-1002-00' });
      const cents = BigInt(due.replace('.', '')) + 1n;
      const payAccount = async (amount: string) =>
        pay(guest('norwalk'), { idempotencyKey: newKey('credit'), allocations: [{ accountNumber: '10-1002-00', amount }], token: await cardToken(platform), payerEmail: 'credit@example.com' });

      const over = await payAccount(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      expect(over.userErrors).toEqual([
        expect.objectContaining({ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: `This account owes $${due}; this city does not take more than is owed.` }),
      ]);
      expect((await payAccount(due)).payment?.status).toBe('CAPTURED');
      // Now pending covers it all: nothing more is taken.
      expect((await payAccount('0.01')).userErrors).toEqual([expect.objectContaining({ code: 'EXCEEDS_AMOUNT_DUE' })]);
    } finally {
      await setRule('norwalk', true);
    }
    // Where credit is allowed, the same account can be paid ahead.
    const ahead = await pay(guest('norwalk'), {
      idempotencyKey: newKey('ahead'),
      allocations: [{ accountNumber: '10-1002-00', amount: '50.00' }],
      token: await cardToken(platform),
      payerEmail: 'credit@example.com',
    });
    expect(ahead.payment?.status).toBe('CAPTURED');
  });

  it('where credit is refused, a citation already paid through its account is not paid again by its number', async () => {
    expect((await importCsv(normanStaff, 'bill_number,account_number,kind,issue_date,due_date,other\nCIT-9301,2002-0933,CITATION,2026-11-01,2026-12-01,40.00')).imported).toBe(1);
    const citation = await payableIdOf('CIT-9301');
    await setRule('norman', false);
    try {
      // The account's amount due counts the citation; paid in full, the account owes nothing.
      const proof = { accountNumber: '2002-0933', lastPaymentAmount: '40.00' };
      const { due } = await amountDue(guest('norman'), proof);
      const whole = await pay(guest('norman'), { idempotencyKey: newKey('whole'), allocations: [{ ...proof, amount: due }], token: await cardToken(platform), payerEmail: 'cited@example.com' });
      expect(whole.payment?.status).toBe('CAPTURED');
      // Found by its number, the citation offers nothing more to pay.
      expect((await lookUp('CIT-9301')).amountDue.amount).toBe('0.00');
      const charges = (await processorCharges(platform)).length;
      const again = await payPayable(citation, '40.00');
      expect(again.userErrors).toEqual([
        expect.objectContaining({ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: 'This account owes $0.00; this city does not take more than is owed.' }),
      ]);
      expect((await processorCharges(platform)).length).toBe(charges);
    } finally {
      await setRule('norman', true);
    }
    // Where credit is allowed, the citation may still be paid: the account goes into credit.
    expect((await lookUp('CIT-9301')).amountDue.amount).toBe('40.00');
    expect((await payPayable(citation, '40.00')).payment?.status).toBe('CAPTURED');
  });
});
