import type { GraphQLTestClient } from '@platform/testkit';
import { autopayPlatform } from './autopay-platform';
import { LOOKUP } from '../billing/billing-api';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { CANCEL, newCustomer, type Customer, type UserErrorShape, enrolAutopay } from './autopay-api';

/*
 * Whether a household pays by autopay, and whose it is, is for the account's
 * holders. Anyone may register, and lookupAccount gives anyone an account's
 * id, so cancelAutopay answers one who neither enrolled the account nor holds
 * it ACCOUNT_NOT_LINKED, whatever its autopay, as enrollAutopay and
 * updateAutopay do; a holder still hears NOT_ENROLLED or
 * ENROLLED_BY_SOMEONE_ELSE, and one who enrolled and moved out may still
 * cancel their own.
 */

const env = autopayPlatform('2026-03-20T18:00:00Z', { jobs: false });
let maria: Customer;
let stranger: GraphQLTestClient;
beforeAll(async () => {
  maria = await newCustomer(env.platform, { email: 'maria@example.com', accounts: ['10-1001-00'] });
  await enrolAutopay(maria, maria.accounts['10-1001-00']!);
  const guest = env.platform.client.asTenant('norwalk');
  stranger = bearer(guest, (await registerCustomer(guest, { email: 'nosy-neighbour@example.com' })).session);
});

const idOf = async (accountNumber: string) =>
  (await env.platform.client.asTenant('norwalk').data<{ lookupAccount: { account: { serviceAccountId: string } | null } }>(LOOKUP, { input: { accountNumber } })).lookupAccount.account!
    .serviceAccountId;
const cancelAs = async (client: GraphQLTestClient, serviceAccountId: string) =>
  (await client.data<{ cancelAutopay: { autopay: { status: string } | null; userErrors: UserErrorShape[] } }>(CANCEL, { id: serviceAccountId })).cancelAutopay;
const enrolment = async (serviceAccountId: string) =>
  (await tenantRows<{ status: string; user_id: string }>(env.platform, 'norwalk', 'SELECT status, user_id FROM autopay_enrollments WHERE service_account_id = $1', [serviceAccountId]))[0] ?? null;

it('answers a stranger ACCOUNT_NOT_LINKED alike for an account on autopay and one that is not, and cancels nothing', async () => {
  const onAutopay = await idOf('10-1001-00');
  const notOnAutopay = await idOf('10-1002-00');
  const notLinked = {
    autopay: null,
    userErrors: [{ field: ['serviceAccountId'], code: 'ACCOUNT_NOT_LINKED', message: 'Link this account to your profile before setting up autopay for it.' }],
  };
  expect(await cancelAs(stranger, onAutopay)).toEqual(notLinked);
  expect(await cancelAs(stranger, notOnAutopay)).toEqual(notLinked);
  expect(await enrolment(onAutopay)).toEqual({ status: 'ENROLLED', user_id: maria.userId });
  expect(await enrolment(notOnAutopay)).toBeNull();
});

it('tells another holder of the account whose autopay it is, and lets one who enrolled and then unlinked the account cancel their own', async () => {
  const leaver = await newCustomer(env.platform, { email: 'leaver@example.com', accounts: ['10-1003-00'] });
  const stayer = await newCustomer(env.platform, { email: 'stayer@example.com', accounts: ['10-1003-00'] });
  const accountId = leaver.accounts['10-1003-00']!;
  expect((await cancelAs(await stayer.client(), accountId)).userErrors.map((e) => e.code)).toEqual(['NOT_ENROLLED']);
  await enrolAutopay(leaver, accountId);
  expect((await cancelAs(await stayer.client(), accountId)).userErrors.map((e) => e.code)).toEqual(['ENROLLED_BY_SOMEONE_ELSE']);

  const me = await leaver.client();
  const unlinked = await me.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>('mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
    id: accountId,
  });
  expect(unlinked.unlinkServiceAccount.userErrors).toEqual([]);
  expect(await cancelAs(me, accountId)).toMatchObject({ userErrors: [], autopay: { status: 'NOT_ENROLLED' } });
  expect(await enrolment(accountId)).toEqual({ status: 'CANCELLED', user_id: leaver.userId });
  // Cancelled, it is no longer theirs: having moved out, they learn no more of the account's autopay than a stranger.
  expect((await cancelAs(me, accountId)).userErrors.map((e) => e.code)).toEqual(['ACCOUNT_NOT_LINKED']);
});
