import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, LOOKUP, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * Norman proves an account by its number and the amount of its last
 * payment. Anyone holding a paper bill or a citation could pay it by its
 * number, so a payment made that way must not become the answer: otherwise a
 * stranger pays $1, then links the account with "1.00" and reads the
 * holder's name, address and ledger. So a bill is found only through its
 * account (with the proof), and a citation paid by its number alone does not
 * count: an account paid only that way is proved as one never paid, by
 * "0.00", as the pay page tells a resident who never paid a bill.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let support: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
  support = await signInStaff(platform, 'norman', 'SUPPORT');
});
afterAll(() => platform.close());

let address = 10;
const guest = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.51.100.${address++}` });
const LINK = `mutation($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { customerName } userErrors { code } } }`;

async function linkAs(name: string, accountNumber: string, lastPaymentAmount: string) {
  const { session } = await registerCustomer(guest(), { email: `${name}@example.com`, username: name, name: 'Pat Payer', phone: '405-555-0199' });
  return (
    await bearer(guest(), session).data<{ linkServiceAccount: { serviceAccount: { customerName: string } | null; userErrors: { code: string }[] } }>(LINK, {
      input: { accountNumber, lastPaymentAmount },
    })
  ).linkServiceAccount;
}

async function postPayments(): Promise<void> {
  clock.advance(24 * 3600_000);
  await platform.runJob('payments.post');
}

const CITATIONS_HEADER = 'bill_number,account_number,kind,issue_date,due_date,other';

async function payCitationByNumber(referenceNumber: string, amount: string) {
  const lookup = await guest().data<{ lookupPayable: { payable: { payableId: string } | null } }>(
    'mutation($n: String!) { lookupPayable(input: { kind: CITATION, referenceNumber: $n }) { payable { payableId } } }',
    { n: referenceNumber },
  );
  const paid = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ payableId: lookup.lookupPayable.payable!.payableId, amount }],
    token: await cardToken(platform),
    payerEmail: 'stranger@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
}

it('finds a bill only through its account, where the account is proven by its last payment', async () => {
  const refused = await guest().data<{ lookupPayable: { payable: unknown; userErrors: { field: string[]; code: string }[] } }>(
    'mutation { lookupPayable(input: { kind: UTILITY_BILL, referenceNumber: "NB-9302" }) { payable { payableId } userErrors { field code } } }',
  );
  expect(refused.lookupPayable).toEqual({ payable: null, userErrors: [{ field: ['input', 'kind'], code: 'INVALID_KIND' }] });
});

it('does not take a citation paid by its number alone as the last payment that proves the account', async () => {
  await openAccount(support, { accountNumber: '9300-0001', customerName: 'Real Holder', addressLine1: '500 Elm St', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'NB-9301,9300-0001,2026-10-10,2026-11-01,55.00,,'].join('\n'));
  await importCsv(support, [CITATIONS_HEADER, 'CIT-9301,9300-0001,CITATION,2026-11-01,2026-12-01,80.00'].join('\n'));
  // The holder pays October's bill by the account: never paid before, so "0.00" is the proof.
  const holder = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '9300-0001', lastPaymentAmount: '0.00', amount: '55.00' }],
    token: await cardToken(platform),
    payerEmail: 'real.holder@example.com',
  });
  expect(holder.userErrors).toEqual([]);
  await postPayments();

  // A stranger who found the citation pays $1.00 of it by its number, which asks for no proof.
  await payCitationByNumber('CIT-9301', '1.00');
  await postPayments();

  expect(await linkAs('stranger', '9300-0001', '1.00')).toEqual({ serviceAccount: null, userErrors: [{ code: 'VERIFICATION_FAILED' }] });
  expect(await linkAs('holder', '9300-0001', '55.00')).toEqual({ serviceAccount: { customerName: 'Real Holder' }, userErrors: [] });
});

it('proves an account paid only by citation numbers as one never paid: "0.00", whoever paid the citation', async () => {
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  await openAccount(support, { accountNumber: '9300-0002', customerName: 'Citation Payer', addressLine1: '501 Elm St', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'NB-9302,9300-0002,2026-11-10,2026-12-01,40.00,20.00,10.00'].join('\n'));
  await importCsv(support, [CITATIONS_HEADER, 'CIT-9302,9300-0002,CITATION,2026-11-01,2026-12-01,35.00'].join('\n'));
  const lookUp = (lastPaymentAmount: string) =>
    guest().data<{ lookupAccount: { account: { amountDue: { amount: string } } | null; userErrors: { code: string }[] } }>(LOOKUP, {
      input: { accountNumber: '9300-0002', lastPaymentAmount },
    });
  // Never paid, "0.00" proves it.
  expect((await lookUp('0.00')).lookupAccount).toEqual({ account: expect.objectContaining({ amountDue: expect.objectContaining({ amount: '105.00' }) }), userErrors: [] });

  // The resident pays the parking citation online by its number ("Pay a citation"); a bill is still never paid.
  await payCitationByNumber('CIT-9302', '35.00');
  await postPayments();
  expect((await lookUp('0.00')).lookupAccount).toEqual({ account: expect.objectContaining({ amountDue: expect.objectContaining({ amount: '70.00' }) }), userErrors: [] });
  expect(await linkAs('resident', '9300-0002', '0.00')).toEqual({ serviceAccount: { customerName: 'Citation Payer' }, userErrors: [] });
  // Whoever holds the citation knows its amount: that is no answer.
  expect((await lookUp('35.00')).lookupAccount).toEqual({ account: null, userErrors: [expect.objectContaining({ code: 'VERIFICATION_FAILED', field: ['input'] })] });
  expect(await linkAs('guesser', '9300-0002', '35.00')).toEqual({ serviceAccount: null, userErrors: [{ code: 'VERIFICATION_FAILED' }] });
});
