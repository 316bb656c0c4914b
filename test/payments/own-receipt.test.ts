import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, serviceHouseNumber } from '../customers/customer-api';
import { CARDS, cardToken, newKey, pay } from './payments-api';

/*
 * viewer { payment(id:) }: the registered portal's receipt reads a resident's
 * own payment by id. Nobody else gets it: another resident of the city, a
 * resident of another city, a guest; and no error says whether it exists.
 */
let platform: TestPlatform;
let lucia: GraphQLTestClient;
let paymentId: string;

const RECEIPT = 'query Receipt($id: UUID!) { viewer { payment(id: $id) { id confirmationNumber status total { amount } allocations { maskedAccountNumber amount { amount } } } } }';
type Receipt = { viewer: { payment: { id: string; confirmationNumber: string; total: { amount: string }; allocations: { maskedAccountNumber: string }[] } | null } | null };

beforeAll(async () => {
  platform = await startTestPlatform();
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'own-receipt@example.com' });
  lucia = bearer(platform.client.asTenant('norwalk'), session);
  const { linkServiceAccount } = await lucia.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
    'mutation Link($n: String!, $house: String!) { linkServiceAccount(input: { accountNumber: $n, serviceHouseNumber: $house }) { serviceAccount { id } } }',
    { n: '10-1001-00', house: await serviceHouseNumber(platform, 'norwalk', '10-1001-00') },
  );
  const paid = await pay(lucia, {
    idempotencyKey: newKey('own'),
    allocations: [{ serviceAccountId: linkServiceAccount.serviceAccount.id, amount: '12.34' }],
    token: await cardToken(platform, CARDS.visa),
  });
  expect(paid.userErrors).toEqual([]);
  paymentId = paid.payment!.id;
});
afterAll(() => platform.close());

it('shows a resident their own payment by id, with what it paid', async () => {
  const { viewer } = await lucia.data<Receipt>(RECEIPT, { id: paymentId });
  expect(viewer?.payment).toMatchObject({ id: paymentId, total: { amount: '12.34' }, allocations: [{ maskedAccountNumber: '**-**01-00' }] });
});

it('shows it to nobody else: another resident of the city, a resident of another city, a guest', async () => {
  const other = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'neighbour@example.com' });
  expect((await bearer(platform.client.asTenant('norwalk'), other.session).data<Receipt>(RECEIPT, { id: paymentId })).viewer).toEqual({ payment: null });

  const norman = await registerCustomer(platform.client.asTenant('norman'), { email: 'okie@example.com', username: 'okie', name: 'Okie Resident', phone: '405-217-7739' });
  expect((await bearer(platform.client.asTenant('norman'), norman.session).data<Receipt>(RECEIPT, { id: paymentId })).viewer).toEqual({ payment: null });

  expect((await platform.client.asTenant('norwalk').data<Receipt>(RECEIPT, { id: paymentId })).viewer).toBeNull();
});

it("does not show a resident the refunds and voids asked of their payment: those are staff's and the operator's", async () => {
  const answer = await lucia.request('query Ops($id: UUID!) { viewer { payment(id: $id) { id operations { kind } } } }', { id: paymentId });
  expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
});

it('answers an unknown id exactly as another person’s payment: null, no error', async () => {
  const { viewer } = await lucia.data<Receipt>(RECEIPT, { id: '00000000-0000-4000-8000-000000000000' });
  expect(viewer).toEqual({ payment: null });
});
