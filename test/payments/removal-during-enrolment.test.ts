import { randomUUID } from 'node:crypto';
// The gateway first: it loads the decorators' metadata polyfill the API's types need.
import { createLogger } from '@platform/gateway';
import { requireTenant } from '@platform/api';
import { enrollmentChargesMethod } from '@platform/autopay';
import { withTenant } from '@platform/db';
import { createHttpProcessor } from '@platform/processor';
import { FixedClock, TEST_OPERATOR_KEY, TEST_SESSION_SETTINGS, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { buildRequestContext } from '../../services/gateway/src/request-context';
import { removePaymentMethod } from '../../services/payments/src/wallet/wallet.service';
import { CANCEL, CARDS, UPDATE, enroll, myAccounts, newCustomer, openAccountWithBill, saveCard, type AutopayPayload, type Customer, type UserErrorShape } from '../autopay/autopay-api';
import { signIn } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

/*
 * A resident may not remove the card autopay charges (METHOD_IN_AUTOPAY).
 * The check must hold when the card's removal and an enrolment with it (or
 * autopay switched to it) come at the same moment, in two requests: else
 * both commit, the card is gone, autopay still points at it, and autopay is
 * suspended only on the deduction day with the month unpaid. Each test
 * makes the overlap deterministic: a transaction of its own holds a row one
 * of the two needs (as another request in progress would) until the other
 * has done what it can, or waits too.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
let tenantId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  [{ id: tenantId }] = (await platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`)) as [{ id: string }];
});
afterAll(() => platform.close());

const REMOVE = 'mutation Remove($id: UUID!) { removePaymentMethod(id: $id) { userErrors { field code message } } }';
const remove = async (me: GraphQLTestClient, id: string) => (await me.data<{ removePaymentMethod: { userErrors: UserErrorShape[] } }>(REMOVE, { id })).removePaymentMethod.userErrors;
const update = async (me: GraphQLTestClient, input: { serviceAccountId: string; paymentMethodId: string }) => (await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input })).updateAutopay;
const codes = (errors: readonly { readonly code: string }[]) => errors.map((e) => e.code);
const wallet = async (me: GraphQLTestClient) => (await me.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }')).paymentMethods.map((m) => m.id);

/** Resolves once `n` of this database's sessions wait on a lock, or `done()` says the one we wait for has finished instead. */
const waitingOnLocks = (n: number, done?: () => boolean) => untilWaitingOnLocks(platform.db, '%', { n, ...(done && { finished: done }) });

/** Holds one row (`lockSql`, taking `FOR NO KEY UPDATE`, as a change of it in progress does) in Norwalk until `release()`. */
async function holdRow(lockSql: string, params: unknown[]): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holding = withTenant({ db: platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query(lockSql, params);
    held();
    await released;
  });
  await isHeld;
  return {
    async release() {
      release();
      await holding;
    },
  };
}

const holdEnrollment = (accountId: string) => holdRow('SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 FOR NO KEY UPDATE', [accountId]);
const holdMethodRow = (methodId: string) => holdRow('SELECT 1 FROM saved_payment_methods WHERE id = $1 FOR NO KEY UPDATE', [methodId]);

/** `first` starts and is held up on `row`; then `second` starts and is let run until it finishes or waits too; then the row is let go. */
async function overlap<A, B>(row: { release(): Promise<void> }, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  const firstDone = first();
  await waitingOnLocks(1);
  let secondFinished = false;
  const secondDone = second().finally(() => (secondFinished = true));
  await waitingOnLocks(2, () => secondFinished);
  await row.release();
  return Promise.all([firstDone, secondDone]);
}

async function residentWithAccount(email: string, accountNumber: string): Promise<{ resident: Customer; me: GraphQLTestClient; accountId: string }> {
  await openAccountWithBill(platform, accountNumber, '64.00');
  const resident = await newCustomer(platform, { email, accounts: [accountNumber] });
  return { resident, me: await resident.client(), accountId: resident.accounts[accountNumber]! };
}

it('an enrolment with a card, under way when the card is removed, keeps the card: the removal is refused', async () => {
  const { resident, me, accountId } = await residentWithAccount('race-enrol@example.com', '10-7201-00');
  // Enrolled once and cancelled: the enrolment's row is there to hold, as an enrolment of the account in progress holds it.
  expect((await enroll(me, { serviceAccountId: accountId, paymentMethodId: resident.cardId })).userErrors).toEqual([]);
  expect((await me.data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: accountId })).cancelAutopay.userErrors).toEqual([]);

  const [enrolled, removal] = await overlap(
    await holdEnrollment(accountId),
    () => enroll(me, { serviceAccountId: accountId, paymentMethodId: resident.cardId }),
    () => remove(me, resident.cardId),
  );

  expect(enrolled.userErrors).toEqual([]);
  expect(codes(removal)).toEqual(['METHOD_IN_AUTOPAY']);
  expect((await myAccounts(me))['10-7201-00']!.autopay).toMatchObject({ status: 'ENROLLED', method: { id: resident.cardId } });
  expect(await wallet(me)).toContain(resident.cardId);
});

it('autopay switched to a card, under way when the card is removed, keeps the card: the removal is refused', async () => {
  const { resident, me, accountId } = await residentWithAccount('race-switch@example.com', '10-7202-00');
  expect((await enroll(me, { serviceAccountId: accountId, paymentMethodId: resident.cardId })).userErrors).toEqual([]);
  const mastercard = await saveCard(platform, me, CARDS.mastercard);

  const [switched, removal] = await overlap(
    await holdEnrollment(accountId),
    () => update(me, { serviceAccountId: accountId, paymentMethodId: mastercard }),
    () => remove(me, mastercard),
  );

  expect(switched.userErrors).toEqual([]);
  expect(codes(removal)).toEqual(['METHOD_IN_AUTOPAY']);
  expect((await myAccounts(me))['10-7202-00']!.autopay).toMatchObject({ status: 'ENROLLED', method: { id: mastercard, last4: '4444' } });
  expect(await wallet(me)).toContain(mastercard);
});

it('a removal under way when autopay is switched to the card: one of the two is refused, and autopay never charges a removed card', async () => {
  const { resident, me, accountId } = await residentWithAccount('race-removal@example.com', '10-7203-00');
  expect((await enroll(me, { serviceAccountId: accountId, paymentMethodId: resident.cardId })).userErrors).toEqual([]);
  const mastercard = await saveCard(platform, me, CARDS.mastercard);

  const [removal, switched] = await overlap(
    await holdMethodRow(mastercard),
    () => remove(me, mastercard),
    () => update(me, { serviceAccountId: accountId, paymentMethodId: mastercard }),
  );

  // Whichever commits first wins; the other is refused as if it had come after.
  const outcome = [codes(removal), codes(switched.userErrors)];
  expect([
    [[], ['METHOD_NOT_FOUND']],
    [['METHOD_IN_AUTOPAY'], []],
  ]).toContainEqual(outcome);
  const autopay = (await myAccounts(me))['10-7203-00']!.autopay;
  const inWallet = await wallet(me);
  if (codes(removal).length === 0) {
    expect(inWallet).not.toContain(mastercard);
    expect(autopay).toMatchObject({ status: 'ENROLLED', method: { id: resident.cardId } });
  } else {
    expect(inWallet).toContain(mastercard);
    expect(autopay).toMatchObject({ status: 'ENROLLED', method: { id: mastercard } });
  }
});

it('a removal the processor does not answer leaves the card in the wallet, to remove again', async () => {
  const { resident, me } = await residentWithAccount('removal-unanswered@example.com', '10-7204-00');
  const spare = await saveCard(platform, me, CARDS.mastercard);
  const login = await signIn(platform.client.asTenant('norwalk'), resident.email);
  const deps = {
    db: platform.db,
    clock,
    log: createLogger('silent'),
    operatorKey: TEST_OPERATOR_KEY,
    sessions: TEST_SESSION_SETTINGS,
    events: platform.gateway.events,
    trustProxy: false,
    developmentOrigins: [],
    stopping: new AbortController().signal,
  };
  const ctx = await buildRequestContext(deps, { requestId: randomUUID(), tenantSlug: 'norwalk', acceptLanguage: 'en', authorization: `Bearer ${login.session!.accessToken}`, clientIp: '127.0.0.1' });
  // Nothing listens on port 9: the call fails with no answer, so the processor may or may not still hold the card.
  const unreachable = createHttpProcessor({ baseUrl: 'http://127.0.0.1:9', secretKey: 'sk_test_unreachable_0000', timeoutMs: 1_000 });

  const result = await removePaymentMethod(requireTenant(ctx), unreachable, spare, enrollmentChargesMethod);
  expect(result.ok ? [] : codes(result.userErrors)).toEqual(['PROCESSOR_UNAVAILABLE']);
  expect(await wallet(me)).toContain(spare);
  expect(await remove(me, spare)).toEqual([]);
  expect(await wallet(me)).not.toContain(spare);
});
