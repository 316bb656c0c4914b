import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { APPROVE_RESTORATION, BILL_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { AUDIT_LOG } from '../customers/customer-api';
import { cardToken, newKey, pay } from './payments-api';

// Noon in Norman on Monday 2026-11-23; the hourly jobs are not running.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let admin: GraphQLTestClient;
let support: GraphQLTestClient;
/** Sessions last minutes of the test clock: staff sign in again after it moves on a day. */
async function signInBoth(): Promise<void> {
  admin = await signInStaff(platform, 'norman', 'ADMIN');
  support = await signInStaff(platform, 'norman', 'SUPPORT');
}
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  await signInBoth();
});
afterAll(() => platform.close());

const RUN_POSTING = 'mutation { runPosting { posted } }';
const RUN_SWEEP = 'mutation { runDisconnectionSweep { markedEligible cleared } }';
const adminId = async () => (await admin.data<{ viewer: { user: { id: string } } }>('{ viewer { user { id } } }')).viewer.user.id;
const status = async (id: string) => (await accountById(support, id)).status;
type AuditEntry = { kind: string; actor: string; detail: { key: string; value: string }[] };
const jobRuns = async () => (await admin.data<{ auditLog: { edges: { node: AuditEntry }[] } }>(AUDIT_LOG, { first: 50 })).auditLog.edges.map((e) => e.node).filter((n) => n.kind === 'JOB_RUN');

it('ADMIN runs the sweep and the posting now to finish a restoration, each in the audit log; SUPPORT may not', async () => {
  const account = await openAccount(support, { accountNumber: '5300-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'N-5501,5300-0001,2026-09-01,2026-09-22,80.00,,'].join('\n'));

  // The sweep, now rather than at a quarter past the hour: 62 days past due flags the account.
  expect((await support.request(RUN_SWEEP)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The demo city has a past-due account of its own, flagged by the same run.
  const { runDisconnectionSweep: swept } = await admin.data<{ runDisconnectionSweep: { markedEligible: number; cleared: number } }>(RUN_SWEEP);
  expect(swept).toEqual({ markedEligible: 2, cleared: 0 });
  expect(await status(account.id)).toBe('DISCONNECT_ELIGIBLE');
  await support.data(MARK_DISCONNECTED, { id: account.id });
  const sweeper = await adminId();

  // Paid in full today: restoration is requested, and approval waits for the payment to post tomorrow.
  const paid = await pay(platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': '198.51.100.77' }), {
    idempotencyKey: newKey('restore'),
    allocations: [{ accountNumber: '5300-0001', lastPaymentAmount: '0.00', amount: '80.00' }],
    token: await cardToken(platform),
    payerEmail: 'restore@example.com',
  });
  expect(paid.payment?.expectedPostingDate).toBe('2026-11-24');
  expect(await status(account.id)).toBe('RESTORATION_PENDING');

  // Tomorrow morning, before the hourly posting job: staff post now instead of waiting, then approve.
  clock.set(new Date('2026-11-24T14:00:00Z'));
  await signInBoth();
  const poster = await adminId();
  const approve = () => support.data<{ approveRestoration: { serviceAccount: { status: string } | null; userErrors: { code: string }[] } }>(APPROVE_RESTORATION, { id: account.id });
  expect((await approve()).approveRestoration.userErrors[0]?.code).toBe('PAYMENT_NOT_POSTED');
  expect((await support.request(RUN_POSTING)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await admin.data(RUN_POSTING)).toEqual({ runPosting: { posted: 1 } });
  expect((await approve()).approveRestoration.serviceAccount?.status).toBe('ACTIVE');
  // Run again: nothing more to post; the jobs are idempotent.
  expect(await admin.data(RUN_POSTING)).toEqual({ runPosting: { posted: 0 } });

  const runs = (await jobRuns()).map((r) => ({ actor: r.actor, detail: Object.fromEntries(r.detail.map((d) => [d.key, d.value])) }));
  // Runs at one instant of the test clock have no order among them.
  expect(runs).toHaveLength(3);
  expect(runs).toEqual(
    expect.arrayContaining([
      { actor: poster, detail: { job: 'payments.post', posted: '0' } },
      { actor: poster, detail: { job: 'payments.post', posted: '1' } },
      { actor: sweeper, detail: { job: 'billing.disconnection-sweep', markedEligible: '2', cleared: '0' } },
    ]),
  );
});
