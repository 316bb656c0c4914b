import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { openAccount, signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from './customer-api';

/*
 * Norwalk (Los Angeles County) links an account by "the house number of the service address" (README, Linking
 * accounts; the portal asks for it as printed). Half-numbered addresses, a back house behind a front one
 * ("4521 1/2 Elm St"), are common there: the household proves the account with its house number typed as it is
 * written ("4521 1/2", "4521½"), and the front house's number alone ("4521") is another address's.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
  staff = await signInStaff(platform, 'norwalk');
});
afterAll(() => platform.close());

let nextAddress = 1;
const from = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { accountNumber } userErrors { field code message } }
}`;
type LinkPayload = { linkServiceAccount: { serviceAccount: { accountNumber: string } | null; userErrors: { field: string[]; code: string }[] } };

async function residentLinking(accountNumber: string, serviceHouseNumber: string): Promise<LinkPayload['linkServiceAccount']> {
  const { session } = await registerCustomer(from(), { email: `back-house-${nextAddress}@example.com` });
  return (await bearer(from(), session).data<LinkPayload>(LINK, { input: { accountNumber, serviceHouseNumber } })).linkServiceAccount;
}

it.each([['4521 1/2'], ['4521½']])('links the account at "4521 1/2 Elm St" with its house number typed as %s', async (typed) => {
  const account = await openAccount(staff, { accountNumber: `88-${typed.length}-01`, addressLine1: '4521 1/2 Elm St' });
  expect(await residentLinking(account.accountNumber, typed)).toEqual({ serviceAccount: { accountNumber: account.accountNumber }, userErrors: [] });
});

it('does not link the account at "4521 1/2 Elm St" with the front house\'s number "4521"', async () => {
  const account = await openAccount(staff, { accountNumber: '88-9-01', addressLine1: '4521 1/2 Elm St' });
  expect(await residentLinking(account.accountNumber, '4521')).toMatchObject({ serviceAccount: null, userErrors: [{ field: ['input'], code: 'VERIFICATION_FAILED' }] });
});
