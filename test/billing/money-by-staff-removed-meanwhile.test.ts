import type { GraphQLTestClient } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { CHANGE_ROLE, DISABLE, viewerId } from '../customers/staff-removal';
import { whileHeld as heldMeanwhile } from '../db/lock-waits';
import { REFUND, cardToken, newKey, pay } from '../payments/payments-api';
import { ADJUST, platformForFile, signInStaff } from './billing-api';

/*
 * A staff member's request is let in as their session stands when it arrives. One that moves money or changes what a
 * resident owes, and is still under way (waiting on a busy account or payment) when an ADMIN demotes its sender or
 * takes their access away, must not then do it: the role that allowed it is gone, and the ADMIN removing a rogue
 * clerk or administrator is told it took effect at once. The money's transaction reads the sender again under their
 * user row's lock, so either the removal came first and the request is refused (FORBIDDEN, nothing written), or the
 * removal waits for it to finish.
 */
const file = platformForFile();
let adam: GraphQLTestClient;
beforeAll(async () => {
  adam = await signInStaff(file.platform, 'norwalk', 'ADMIN');
});

const whileHeld = <T>(lockSql: string, id: string, send: () => Promise<T>, meanwhile: () => Promise<void>): Promise<T> =>
  heldMeanwhile(file.platform.db, 'norwalk', { sql: lockSql, params: [id] }, send, meanwhile);

it("refuses an ADMIN's adjustment still waiting on the account when another ADMIN makes them SUPPORT, and records nothing", async () => {
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const rogueId = await viewerId(rogue);
  const [account] = await tenantRows<{ id: string }>(file.platform, 'norwalk', `SELECT id FROM service_accounts WHERE account_number = '10-1001-00'`);
  const idempotencyKey = newKey('adjust');
  const answer = await whileHeld(
    'SELECT 1 FROM service_accounts WHERE id = $1 FOR UPDATE',
    account!.id,
    () => rogue.request(ADJUST, { input: { serviceAccountId: account!.id, kind: 'ADJUSTMENT', amount: '-500.00', memo: 'goodwill', idempotencyKey } }),
    async () => {
      const demoted = await adam.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: rogueId, role: 'SUPPORT' } });
      expect(demoted.changeStaffRole.userErrors).toEqual([]);
    },
  );
  expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', `SELECT id FROM ledger_entries WHERE recorded_by = $1`, [rogueId])).toEqual([]);
  expect(await tenantRows(file.platform, 'norwalk', `SELECT id FROM security_events WHERE kind = 'ADJUSTMENT_RECORDED' AND actor = $1`, [rogueId])).toEqual([]);
});

it("refuses a SUPPORT clerk's refund still waiting on the payment when an ADMIN takes their access away, and sends nothing to the processor", async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const clerkId = await viewerId(clerk);
  const paid = await pay(file.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '6.00' }],
    token: await cardToken(file.platform),
    payerEmail: 'refund.meanwhile@example.com',
  });
  const paymentId = paid.payment!.id;
  const answer = await whileHeld(
    'SELECT 1 FROM payments WHERE id = $1 FOR UPDATE',
    paymentId,
    () => clerk.request(REFUND, { input: { paymentId, amount: '6.00', reason: 'asked', idempotencyKey: newKey('refund') } }),
    async () => {
      const disabled = await adam.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: clerkId });
      expect(disabled.disableStaffUser.userErrors).toEqual([]);
    },
  );
  expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', 'SELECT status, refunded_cents::int AS refunded FROM payments WHERE id = $1', [paymentId])).toEqual([
    { status: paid.payment!.status, refunded: 0 },
  ]);
  expect(await tenantRows(file.platform, 'norwalk', 'SELECT id FROM payment_operations WHERE payment_id = $1', [paymentId])).toEqual([]);
});
