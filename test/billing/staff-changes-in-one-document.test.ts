import { FixedClock } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * A document may hold several mutations, run in order. Each answers with
 * the account as that mutation left it, not with what an earlier field of
 * the same document loaded (the request's loaders keep what they read).
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const env = platformWithStaff('norwalk', 'ADMIN', { clock, jobs: true });

type Changed = { serviceAccount: { status: string; balance: { posted: { amount: string } }; statusHistory: { toStatus: string }[] } };

it('answers each staff change in one document with the account as that change left it (found by review: the status history as the first change left it)', async () => {
  const account = await openAccount(env.staff, { accountNumber: '91-0002-00' });
  await importCsv(env.staff, [BILL_HEADER, 'W-91002,91-0002-00,2026-09-01,2026-09-22,140.00,,'].join('\n'));
  await env.platform.runJob('billing.disconnection-sweep');
  const answer = await env.staff.data<{ cut: Changed; close: Changed }>(
    `mutation Steps($id: UUID!) {
      cut: markAccountDisconnected(serviceAccountId: $id) { serviceAccount { status balance { posted { amount } } statusHistory { toStatus } } }
      waive: recordAccountAdjustment(input: { serviceAccountId: $id, kind: ADJUSTMENT, amount: "-140.00", memo: "Waived", idempotencyKey: "waive-91-0002" }) { entry { id } }
      close: closeServiceAccount(serviceAccountId: $id) { serviceAccount { status balance { posted { amount } } statusHistory { toStatus } } }
    }`,
    { id: account.id },
  );
  expect(answer.cut.serviceAccount).toEqual({
    status: 'DISCONNECTED',
    balance: { posted: { amount: '140.00' } },
    statusHistory: ['ACTIVE', 'DISCONNECT_ELIGIBLE', 'DISCONNECTED'].map((toStatus) => ({ toStatus })),
  });
  expect(answer.close.serviceAccount).toEqual({
    status: 'CLOSED',
    balance: { posted: { amount: '0.00' } },
    statusHistory: ['ACTIVE', 'DISCONNECT_ELIGIBLE', 'DISCONNECTED', 'RESTORATION_PENDING', 'CLOSED'].map((toStatus) => ({ toStatus })),
  });
});
