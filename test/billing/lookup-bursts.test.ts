import { randomUUID } from 'node:crypto';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BURST, addressSource, burst, outcome } from '../customers/burst';
import { auditCount, bearer, registerCustomer } from '../customers/customer-api';
import { MAKE_PAYMENT, cardToken, processorCharges } from '../payments/payments-api';
import { LOOKUP } from './billing-api';

/*
 * Failed proofs of an account (guest look-up, citation look-up, linking, a
 * guest's payment) are limited per address (20) and per account (5) in 15
 * minutes. Sixty requests sent at once must not get more proofs checked than
 * that: each test counts the failures written to the audit log.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

const freshAddress = addressSource('10.30');
const from = (slug: string, address = freshAddress()): GraphQLTestClient => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address });
const LOOKUP_PAYABLE = 'mutation Find($input: LookupPayableInput!) { lookupPayable(input: $input) { payable { payableId } userErrors { code } } }';
const LINK = 'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } userErrors { field code } } }';

describe('guest look-ups under a burst', () => {
  it('checks at most 20 of 60 account numbers sent at once from one address', async () => {
    const address = freshAddress();
    const tally = await burst(BURST, (i) => from('norwalk', address).request(LOOKUP, { input: { accountNumber: `55-${1000 + i}-00` } }));
    expect(tally).toEqual({ VERIFICATION_FAILED: 20, RATE_LIMITED: BURST - 20 });
    expect(await auditCount(platform, 'norwalk', `kind = 'LOOKUP_FAILED' AND client_ip = $1`, [address])).toBe(20);
  });

  it("checks at most 5 of 60 guesses at one Norman account's last payment, each from its own address", async () => {
    const before = await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`);
    const tally = await burst(BURST, (i) => from('norman').request(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: `${i + 1}.00` } }));
    expect(tally).toEqual({ VERIFICATION_FAILED: 5, RATE_LIMITED: BURST - 5 });
    expect((await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`)) - before).toBe(5);
  });

  it('checks at most 20 of 60 citation numbers sent at once from one address', async () => {
    const address = freshAddress();
    const tally = await burst(BURST, (i) => from('norman', address).request(LOOKUP_PAYABLE, { input: { kind: 'CITATION', referenceNumber: `CIT-${9000 + i}` } }));
    expect(tally).toEqual({ VERIFICATION_FAILED: 20, RATE_LIMITED: BURST - 20 });
    expect(await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED' AND client_ip = $1`, [address])).toBe(20);
  });

  it("does not spend an account's budget on look-ups that succeed", async () => {
    for (let i = 0; i < 10; i++) expect(outcome(await from('norman').request(LOOKUP, { input: { accountNumber: '2004-2650', lastPaymentAmount: '120.00' } }))).toBe('OK');
    for (let i = 0; i < 5; i++) expect(outcome(await from('norman').request(LOOKUP, { input: { accountNumber: '2004-2650', lastPaymentAmount: '1.23' } }))).toBe('VERIFICATION_FAILED');
    expect(outcome(await from('norman').request(LOOKUP, { input: { accountNumber: '2004-2650', lastPaymentAmount: '120.00' } }))).toBe('RATE_LIMITED');
  });
});

describe('linking and paying under a burst', () => {
  it('checks at most 5 of 60 link proofs for one account sent at once', async () => {
    const { session, user } = await registerCustomer(from('norman'), { email: 'link-burst@example.com', username: 'link_burst', name: 'Link Burst', phone: '405-555-0102' });
    const me = (address: string) => bearer(from('norman', address), session);
    const tally = await burst(BURST, (i) => me(freshAddress()).request(LINK, { input: { accountNumber: '2003-1188', lastPaymentAmount: `${i + 1}.50` } }));
    expect(tally).toEqual({ VERIFICATION_FAILED: 5, RATE_LIMITED: BURST - 5 });
    expect(await auditCount(platform, 'norman', `kind = 'ACCOUNT_LINK_FAILED' AND user_id = $1`, [user.id])).toBe(5);
  });

  it("checks at most 5 of 60 guest payments proving one account's last payment at once, and charges nothing", async () => {
    const before = await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`);
    const tokens = await Promise.all(Array.from({ length: BURST }, () => cardToken(platform)));
    const tally = await burst(BURST, (i) =>
      from('norman').request(MAKE_PAYMENT, {
        input: { idempotencyKey: randomUUID(), allocations: [{ accountNumber: '2002-0933', lastPaymentAmount: `${i + 1}.25`, amount: '10.00' }], token: tokens[i], payerEmail: 'guesser@example.com' },
      }),
    );
    expect(tally).toEqual({ VERIFICATION_FAILED: 5, RATE_LIMITED: BURST - 5 });
    expect((await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`)) - before).toBe(5);
    expect(await processorCharges(platform)).toEqual([]);
  });
});
