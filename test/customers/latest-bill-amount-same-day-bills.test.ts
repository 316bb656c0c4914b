import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from './customer-api';

/*
 * A city asking for the latest bill's amount before linking an account
 * (accountLinking.proof LATEST_BILL_AMOUNT) may issue two bills to one
 * account on the same day: the month's water bill and a separate trash bill,
 * in one file. Both are the latest bill the resident holds. The proof read
 * "the latest" as the one a sort put first, and the two came from one import
 * at one instant, so one of the two amounts was refused as a wrong proof (and
 * counted toward the account's lock-out), which one depending on how the
 * database returned them (found by the bill-import attacker).
 */

let platform: TestPlatform;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
  admin = await signInStaff(platform, 'norman', 'ADMIN');
  const proof = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation { updateTenant(slug: "norman", input: { accountLinking: { proof: LATEST_BILL_AMOUNT } }) { userErrors { field code } } }',
  );
  expect(proof.updateTenant.userErrors).toEqual([]);
});
afterAll(() => platform.close());

let nextAddress = 1;
const fromNorman = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { accountNumber } userErrors { field code } }
}`;
type LinkPayload = { linkServiceAccount: { serviceAccount: { accountNumber: string } | null; userErrors: { field: string[]; code: string }[] } };

async function residentLinking(name: string, accountNumber: string, latestBillAmount: string) {
  const { session } = await registerCustomer(fromNorman(), { email: `${name}@example.com`, username: name, name: 'Pat Payer', phone: '405-555-0100' });
  return (await bearer(fromNorman(), session).data<LinkPayload>(LINK, { input: { accountNumber, latestBillAmount } })).linkServiceAccount;
}

it('takes the amount of either bill issued on the latest day, and no older bill’s', async () => {
  await openAccount(admin, { accountNumber: '8830-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  const imported = await importCsv(
    admin,
    [BILL_HEADER, 'W-8830,8830-0001,2026-10-01,2026-10-22,41.00,,', 'W-8831,8830-0001,2026-11-01,2026-11-22,52.10,,', 'T-8832,8830-0001,2026-11-01,2026-11-22,,,19.75'].join('\n'),
  );
  expect(imported.rowErrors).toEqual([]);

  expect(await residentLinking('holds_water_bill', '8830-0001', '52.10')).toEqual({ serviceAccount: { accountNumber: '8830-0001' }, userErrors: [] });
  expect(await residentLinking('holds_trash_bill', '8830-0001', '19.75')).toEqual({ serviceAccount: { accountNumber: '8830-0001' }, userErrors: [] });
  expect(await residentLinking('holds_october_bill', '8830-0001', '41.00')).toEqual({ serviceAccount: null, userErrors: [{ field: ['input'], code: 'VERIFICATION_FAILED' }] });
});
