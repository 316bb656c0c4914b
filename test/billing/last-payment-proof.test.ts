import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * Norman proves an account by its number and the amount of its last
 * payment. Anyone holding the paper bill (its account and bill numbers) may
 * pay that bill by its number, so a payment made that way must not become
 * the answer: otherwise a stranger pays $1 by the bill's number, then links
 * the account with "1.00" and reads the holder's name, address and ledger.
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

async function linkAs(name: string, lastPaymentAmount: string) {
  const { session } = await registerCustomer(guest(), { email: `${name}@example.com`, username: name, name: 'Pat Payer', phone: '405-555-0199' });
  return (
    await bearer(guest(), session).data<{ linkServiceAccount: { serviceAccount: { customerName: string } | null; userErrors: { code: string }[] } }>(LINK, {
      input: { accountNumber: '9300-0001', lastPaymentAmount },
    })
  ).linkServiceAccount;
}

async function postPayments(): Promise<void> {
  clock.advance(24 * 3600_000);
  await platform.runJob('payments.post');
}

it('does not take a payment made by a bill number alone as the last payment that proves the account', async () => {
  await openAccount(support, { accountNumber: '9300-0001', customerName: 'Real Holder', addressLine1: '500 Elm St', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'NB-9301,9300-0001,2026-10-10,2026-11-01,55.00,,', 'NB-9302,9300-0001,2026-11-10,2026-12-01,80.00,,'].join('\n'));
  // The holder pays October's bill by the account: never paid before, so "0.00" is the proof.
  const holder = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '9300-0001', lastPaymentAmount: '0.00', amount: '55.00' }],
    token: await cardToken(platform),
    payerEmail: 'real.holder@example.com',
  });
  expect(holder.userErrors).toEqual([]);
  await postPayments();

  // A stranger with the paper bill pays $1.00 of November's bill by its number, which asks for no proof.
  const lookup = await guest().data<{ lookupPayable: { payable: { payableId: string } | null } }>(
    `mutation { lookupPayable(input: { kind: UTILITY_BILL, referenceNumber: "NB-9302" }) { payable { payableId } } }`,
  );
  const stranger = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ payableId: lookup.lookupPayable.payable!.payableId, amount: '1.00' }],
    token: await cardToken(platform),
    payerEmail: 'stranger@example.com',
  });
  expect(stranger.payment?.status).toBe('CAPTURED');
  await postPayments();

  expect(await linkAs('stranger', '1.00')).toEqual({ serviceAccount: null, userErrors: [{ code: 'VERIFICATION_FAILED' }] });
  expect(await linkAs('holder', '55.00')).toEqual({ serviceAccount: { customerName: 'Real Holder' }, userErrors: [] });
});
