import { FixedClock, findCardNumbers, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { ADJUST, OPEN_ACCOUNT, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { REGISTER, UPDATE_PROFILE, bearer, registerCustomer } from '../customers/customer-api';
import { REFUND, VOID, cardToken, newKey, pay } from './payments-api';

// Card numbers as people type them into a form field: spaced, dashed, unbroken, amid words.
// And in the digits of another width or script, which look-up keys store as ASCII ones (NFKC).
const TYPED = ['4111 1111 1111 1111', '5555-5555-5555-4444', 'Jane Smith 378282246310005', 'paid with 6011 0009 9013 9424 yesterday', 'Jane ４２４２４２４２４２４２４２４２', '٥٥٥٥ ٥٥٥٥ ٥٥٥٥ ٤٤٤٤'];

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
});
// Nothing typed here was stored or logged (every test file's teardown runs the same scan).
afterAll(async () => {
  try {
    expect(await findCardNumbers(platform.settings, platform.logLines())).toEqual([]);
  } finally {
    await platform.close();
  }
});

type Errors = { userErrors: { field: string[]; code: string }[] };
const refused = (field: string[]): unknown[] => [expect.objectContaining({ field, code: 'CARD_NUMBER_NOT_ACCEPTED' })];

describe('free text that holds a card number is refused wherever it is typed', () => {
  it.each(TYPED.map((text, n) => [text, n] as const))('a name at registration and in the profile: %j', async (text, n) => {
    // Two registrations a case, each case from an address of its own: one address may register 10 times an hour.
    const guest = platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `10.20.${n}.1` });
    const { register } = await guest.data<{ register: Errors }>(REGISTER, { input: { email: `named-${newKey()}@example.com`, password: 'correct horse battery staple', name: text } });
    expect(register.userErrors).toEqual(refused(['input', 'name']));
    const { session } = await registerCustomer(guest, { email: `profile-${newKey()}@example.com` });
    const { updateProfile } = await bearer(guest, session).data<{ updateProfile: Errors }>(UPDATE_PROFILE, { input: { name: text } });
    expect(updateProfile.userErrors).toEqual(refused(['input', 'name']));
  });

  it.each(['4111 1111 1111 1111', '4111-1111-1111-1111', '6011111111111117', '４１１１１１１１１１１１１１１１'])('an account number that is a card number: %j', async (accountNumber) => {
    const opened = await admin.data<{ openServiceAccount: Errors }>(OPEN_ACCOUNT, {
      input: { accountNumber, customerName: 'Ada Holder', addressLine1: '1 Main St', city: 'Norwalk', region: 'CA', postalCode: '90650' },
    });
    expect(opened.openServiceAccount.userErrors).toEqual(refused(['input', 'accountNumber']));
  });

  it.each(TYPED)("an account holder's name and an adjustment's reason: %j", async (text) => {
    const opened = await admin.data<{ openServiceAccount: Errors }>(OPEN_ACCOUNT, {
      input: { accountNumber: `88-${Date.now() % 100000}-01`, customerName: text, addressLine1: '1 Main St', city: 'Norwalk', region: 'CA', postalCode: '90650' },
    });
    expect(opened.openServiceAccount.userErrors).toEqual(refused(['input', 'customerName']));
    const account = await openAccount(admin);
    const { recordAccountAdjustment } = await admin.data<{ recordAccountAdjustment: Errors }>(ADJUST, {
      input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '-5.00', memo: text, idempotencyKey: newKey() },
    });
    expect(recordAccountAdjustment.userErrors).toEqual(refused(['input', 'memo']));
  });

  it.each(TYPED)("a refund's and a void's reason: %j", async (text) => {
    const payment = (
      await pay(platform.client.asTenant('norwalk'), {
        idempotencyKey: newKey(),
        allocations: [{ accountNumber: '10-1001-00', amount: '3.00' }],
        token: await cardToken(platform),
        payerEmail: 'reason@example.com',
      })
    ).payment!;
    const { refundPayment } = await admin.data<{ refundPayment: Errors }>(REFUND, { input: { paymentId: payment.id, amount: '1.00', reason: text, idempotencyKey: newKey() } });
    expect(refundPayment.userErrors).toEqual(refused(['input', 'reason']));
    const { voidPayment } = await admin.data<{ voidPayment: Errors }>(VOID, { input: { paymentId: payment.id, reason: text } });
    expect(voidPayment.userErrors).toEqual(refused(['input', 'reason']));
  });

  it("a bill's description in an import, reported with its line and column like any bad row", async () => {
    const account = await openAccount(admin);
    const result = await importCsv(
      admin,
      [
        'bill_number,account_number,issue_date,due_date,water,description',
        `B-1,${account.accountNumber},2026-11-01,2026-12-01,10.00,November water`,
        `B-2,${account.accountNumber},2026-11-01,2026-12-01,10.00,"Paid by card 4111 1111 1111 1111"`,
      ].join('\n'),
    );
    expect(result.imported).toBe(0);
    expect(result.rowErrors).toEqual([{ line: 3, field: 'description', code: 'CARD_NUMBER_NOT_ACCEPTED', message: expect.stringContaining('Card numbers cannot be typed here') }]);
  });

  it("a city's display texts", async () => {
    const { updateTenant } = await platform.operator.data<{ updateTenant: Errors }>(
      'mutation U($d: String) { updateTenant(slug: "norwalk", input: { department: $d }) { userErrors { field code } } }',
      {
        d: `Water Billing ${TYPED[0]}`,
      },
    );
    expect(updateTenant.userErrors).toEqual(refused(['input', 'department']));
  });

  it('a number that only looks long is not refused', async () => {
    const account = await openAccount(admin, { customerName: 'Unit 4111 1111 1111 1112 Holdings' });
    expect(account.customerName).toBe('Unit 4111 1111 1111 1112 Holdings');
  });
});
