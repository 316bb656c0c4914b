import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, STAFF_PAYMENT, bankToken, cardToken, newKey, pay, processorCharges, type MakePaymentResult, type PaymentShape } from './payments-api';

/*
 * Norwalk takes a guest's payment with the account number alone, printed on
 * every bill, and charges the account paid a returned-payment fee for every
 * e-check that comes back. A stranger once paid someone's account $1.00 five
 * times at once from a bank account with no money: all five were accepted,
 * all five came back, and the holder owed $125 of fees, enough to make the
 * household eligible for disconnection. A resident could likewise hold off
 * disconnection with a new bad e-check every two days, each counting as
 * paid while pending. Now one bank account has one e-check at a time waiting
 * on its bank to one account, and a second return for want of funds within
 * 90 days blocks the bank account.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
});
afterAll(() => platform.close());

/** Accounts at the sandbox bank ending 0001 come back R01 (insufficient funds); each test bounces its own. */
const EMPTY = { stranger: BANK.accounts.returnsInsufficientFunds, resident: '000222220001', longAgo: '000333330001' } as const;
const AWAITING_BANK_EN =
  'An earlier e-check from this bank account to this account has not cleared its bank yet. Nothing was charged. Please pay with another method, or pay from this bank account again once that e-check has cleared (usually within a few business days).';
const AWAITING_BANK_ES =
  'Un cheque electrónico anterior de esta cuenta bancaria a esta cuenta aún no ha sido compensado por su banco. No se cobró nada. Pague con otro método, o vuelva a pagar desde esta cuenta bancaria cuando ese cheque electrónico se haya compensado (normalmente en unos días hábiles).';

let nextAddress = 1;
const guest = (headers: Record<string, string> = {}) => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}`, ...headers });
const guestPays = async (accountNumber: string, token: string, options: { idempotencyKey?: string; headers?: Record<string, string> } = {}): Promise<MakePaymentResult> =>
  pay(guest(options.headers), { idempotencyKey: options.idempotencyKey ?? newKey('bounce'), allocations: [{ accountNumber, amount: '1.00' }], token, payerEmail: 'payer@example.com' });

/** The bank answers what it was sent: the settlement job, run some days on (staff sign in then: sessions are short). */
async function bankAnswersOn(iso: string): Promise<void> {
  clock.set(new Date(iso));
  await platform.runJob('payments.settle-echecks');
}
const returnedPaymentFees = async (serviceAccountId: string) => {
  const account = await accountById(await signInStaff(platform, 'norwalk', 'SUPPORT'), serviceAccountId);
  return (account.ledger as { edges: { node: { kind: string; amount: { amount: string } } }[] }).edges.filter((e) => e.node.kind === 'FEE').map((e) => e.node.amount.amount);
};

describe("a stranger's empty bank account paying someone else's account", () => {
  it('has one e-check at a time waiting on its bank to the account, so one return and one fee, however many are sent at once', async () => {
    const chargesBefore = (await processorCharges(platform)).length;
    const attempts = await Promise.all([1, 2, 3, 4, 5].map(async () => guestPays('10-1001-00', await bankToken(platform, EMPTY.stranger))));

    const accepted = attempts.filter((a) => a.payment !== null);
    expect(accepted.map((a) => [a.payment?.status, a.userErrors])).toEqual([['AUTHORIZED', []]]);
    const refused = attempts.filter((a) => a.payment === null).map((a) => a.userErrors);
    expect(refused).toEqual(Array.from({ length: 4 }, () => [{ field: ['input', 'allocations', '0'], code: 'ECHECK_AWAITING_BANK', message: AWAITING_BANK_EN }]));
    // Nothing of the refused ones reached the processor.
    expect((await processorCharges(platform)).length).toBe(chargesBefore + 1);
    const { id, allocations } = accepted[0]!.payment!;

    // A Spanish-speaking payer is told in Spanish.
    const spanish = await guestPays('10-1001-00', await bankToken(platform, EMPTY.stranger), { headers: { 'accept-language': 'es' } });
    expect(spanish.userErrors.map((e) => [e.code, e.message])).toEqual([['ECHECK_AWAITING_BANK', AWAITING_BANK_ES]]);

    // The rule is one bank account to one account: a card pays the account meanwhile, the bank account another account.
    expect((await guestPays('10-1001-00', await cardToken(platform))).payment?.status).toBe('CAPTURED');
    const elsewhere = await guestPays('10-1003-00', await bankToken(platform, EMPTY.stranger));
    expect([elsewhere.payment?.status, elsewhere.userErrors]).toEqual(['AUTHORIZED', []]);

    // Two days on, the bank returns what it was sent: one fee on each account paid, and the bank account, at its first
    // R01 return to the first account and its second to the other, is blocked.
    await bankAnswersOn('2026-11-25T18:30:00Z');
    expect(await returnedPaymentFees(allocations[0]!.serviceAccountId)).toEqual(['25.00']);
    expect(await returnedPaymentFees(elsewhere.payment!.allocations[0]!.serviceAccountId)).toEqual(['25.00']);
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    expect((await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id })).payment).toMatchObject({ status: 'RETURNED', returnCode: 'R01' });
    expect((await guestPays('10-1001-00', await bankToken(platform, EMPTY.stranger))).userErrors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_BLOCKED']);
  });

  it('answers copies of one request sent at once as its e-check, not as others waiting on their bank', async () => {
    const idempotencyKey = newKey('copies');
    const token = await bankToken(platform, BANK.accounts.settles);
    const copies = await Promise.all([1, 2, 3].map(() => guestPays('10-1002-00', token, { idempotencyKey })));
    expect(copies.map((c) => c.userErrors)).toEqual([[], [], []]);
    expect(new Set(copies.map((c) => c.payment?.id)).size).toBe(1);
    expect(copies[0]!.payment?.status).toBe('AUTHORIZED');
  });
});

describe('a resident whose e-checks keep coming back for want of funds', () => {
  it('may send one again once it has come back (NACHA allows it), and a second return within 90 days blocks the bank account', async () => {
    clock.set(new Date('2026-12-01T18:00:00Z'));
    const first = await guestPays('10-1004-00', await bankToken(platform, EMPTY.resident));
    expect(first.payment?.status).toBe('AUTHORIZED');
    // Two days later: pending, the e-check counted as paid; a new one would put off disconnection again.
    clock.set(new Date('2026-12-03T12:00:00Z'));
    expect((await guestPays('10-1004-00', await bankToken(platform, EMPTY.resident))).userErrors.map((e) => e.code)).toEqual(['ECHECK_AWAITING_BANK']);

    await bankAnswersOn('2026-12-03T18:30:00Z');
    const second = await guestPays('10-1004-00', await bankToken(platform, EMPTY.resident));
    expect([second.payment?.status, second.userErrors]).toEqual(['AUTHORIZED', []]);

    await bankAnswersOn('2026-12-05T18:30:00Z');
    const third = await guestPays('10-1004-00', await bankToken(platform, EMPTY.resident));
    expect(third.userErrors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_BLOCKED']);
    expect(await returnedPaymentFees(first.payment!.allocations[0]!.serviceAccountId)).toEqual(['25.00', '25.00']);
  });

  it('forgives an insufficient-funds return more than 90 days old', async () => {
    clock.set(new Date('2026-12-10T18:00:00Z'));
    expect((await guestPays('10-1002-00', await bankToken(platform, EMPTY.longAgo))).payment?.status).toBe('AUTHORIZED');
    await bankAnswersOn('2026-12-12T18:30:00Z');

    clock.set(new Date('2027-03-13T18:00:00Z'));
    expect((await guestPays('10-1002-00', await bankToken(platform, EMPTY.longAgo))).payment?.status).toBe('AUTHORIZED');
    await bankAnswersOn('2027-03-15T18:30:00Z');
    expect((await guestPays('10-1002-00', await bankToken(platform, EMPTY.longAgo))).payment?.status).toBe('AUTHORIZED');
  });
});
