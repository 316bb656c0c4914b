import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { startAutopayCli } from '../autopay/autopay-api';
import { openAccount, signInStaff } from '../billing/billing-api';
import { RESEND, deliverThroughCatcher, queueMessage, platformWithMailCatcher } from '../notifications/notification-api';
import { AUDIT_LOG, VIEWER } from './customer-api';

/*
 * Whatever a staff member does with their power is in the city's audit log,
 * where the ADMIN looks: who (the staff member), what (ids, never what anyone
 * typed) and from where (the address they asked from). Found missing: an
 * ADMIN running autopay by hand (every enrolled household's card charged),
 * an ADMIN resending a message (an address's undeliverable mark lifted with
 * it), and a clerk opening an account.
 */

// 10:00 in Norwalk on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const ADMIN_ADDRESS = '203.0.113.41';
const SUPPORT_ADDRESS = '203.0.113.42';
let admin: GraphQLTestClient;
let adminId: string;
let support: GraphQLTestClient;
let supportId: string;
const env = platformWithMailCatcher({ clock, trustProxy: true });
beforeAll(async () => {
  admin = (await signInStaff(env.platform, 'norwalk', 'ADMIN')).withHeaders({ 'x-forwarded-for': ADMIN_ADDRESS });
  adminId = (await admin.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
  support = (await signInStaff(env.platform, 'norwalk', 'SUPPORT')).withHeaders({ 'x-forwarded-for': SUPPORT_ADDRESS });
  supportId = (await support.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
});

type Entry = { kind: string; actor: string; clientIp: string; detail: Record<string, string> };
/** The city's audit log as its ADMIN reads it, newest first. */
async function auditLog(): Promise<Entry[]> {
  type Page = { auditLog: { edges: { node: { kind: string; actor: string; clientIp: string; detail: { key: string; value: string }[] } }[] } };
  const page = await admin.data<Page>(AUDIT_LOG, { first: 200 });
  return page.auditLog.edges.map(({ node }) => ({ kind: node.kind, actor: node.actor, clientIp: node.clientIp, detail: Object.fromEntries(node.detail.map((d) => [d.key, d.value])) }));
}

it("an ADMIN's autopay run is in the audit log, by the ADMIN, with the run and its date", async () => {
  const { runAutopay } = await admin.data<{ runAutopay: { run: { id: string; runDate: string } | null; userErrors: unknown[] } }>(
    'mutation Run($date: LocalDate) { runAutopay(date: $date) { run { id runDate } userErrors { field code message } } }',
    { date: '2026-11-20' },
  );
  expect(runAutopay.userErrors).toEqual([]);
  const run = runAutopay.run!;
  const logged = (await auditLog()).filter((entry) => entry.kind === 'JOB_RUN' && entry.detail.job === 'autopay.run');
  expect(logged).toEqual([{ kind: 'JOB_RUN', actor: adminId, clientIp: ADMIN_ADDRESS, detail: { job: 'autopay.run', runId: run.id, runDate: '2026-11-20' } }]);
  // A date still to come is refused, and a refusal changes nothing to log.
  const refused = await admin.data<{ runAutopay: { userErrors: { code: string }[] } }>('mutation { runAutopay(date: "2026-12-30") { userErrors { code } } }');
  expect(refused.runAutopay.userErrors.map((e) => e.code)).toEqual(['DATE_IN_FUTURE']);
  expect((await auditLog()).filter((entry) => entry.kind === 'JOB_RUN' && entry.detail.job === 'autopay.run')).toHaveLength(1);
});

it('a run from the command line is in the audit log too, by "cli"', async () => {
  // The command line runs on the system clock: an earlier date than the test clock's is in its past too.
  const cli = await startAutopayCli(env.platform, '2026-11-19').exited;
  expect(cli.code).toBe(0);
  const { runId } = JSON.parse(cli.stdout) as { runId: string };
  const logged = (await auditLog()).filter((entry) => entry.kind === 'JOB_RUN' && entry.detail.runId === runId);
  expect(logged).toEqual([{ kind: 'JOB_RUN', actor: 'cli', clientIp: 'cli', detail: { job: 'autopay.run', runId, runDate: '2026-11-19' } }]);
});

it("an ADMIN's resend of a message is in the audit log, with the message and its copy, and no address", async () => {
  const id = await queueMessage(env.platform, 'norwalk', { to: 'resend-audited@example.com', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await deliverThroughCatcher(env.platform, env.smtp)).toHaveLength(1);
  const { resendNotification } = await admin.data<{ resendNotification: { notification: { id: string } | null; userErrors: unknown[] } }>(RESEND, { id });
  expect(resendNotification.userErrors).toEqual([]);
  const copy = resendNotification.notification!.id;
  const logged = (await auditLog()).filter((entry) => entry.kind === 'NOTIFICATION_RESENT');
  expect(logged).toEqual([{ kind: 'NOTIFICATION_RESENT', actor: adminId, clientIp: ADMIN_ADDRESS, detail: { notificationId: id, copyId: copy } }]);
  expect(JSON.stringify(logged)).not.toContain('resend-audited@example.com');
  expect(JSON.stringify(logged)).not.toContain('10-1003-00');
  // Refused (its copy is still on its way): nothing more in the log.
  const again = await admin.data<{ resendNotification: { userErrors: { code: string }[] } }>(RESEND, { id });
  expect(again.resendNotification.userErrors.map((e) => e.code)).toEqual(['NOTIFICATION_NOT_RESENDABLE']);
  expect((await auditLog()).filter((entry) => entry.kind === 'NOTIFICATION_RESENT')).toHaveLength(1);
});

it('a clerk opening an account is in the audit log, by the clerk, with the account id and not its number', async () => {
  const account = await openAccount(support, { accountNumber: '77-9901-00' });
  const logged = (await auditLog()).filter((entry) => entry.kind === 'ACCOUNT_STATUS_CHANGED' && entry.detail.serviceAccountId === account.id);
  expect(logged).toEqual([{ kind: 'ACCOUNT_STATUS_CHANGED', actor: supportId, clientIp: SUPPORT_ADDRESS, detail: { serviceAccountId: account.id, to: 'ACTIVE', reason: 'OPENED' } }]);
  expect(JSON.stringify(logged)).not.toContain('77-9901-00');
});

it("an ADMIN reads one staff member's actions alone, of the kinds asked, a page at a time; and what was done to them", async () => {
  const clerk = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const clerkId = (await clerk.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
  const opened = [await openAccount(clerk), await openAccount(clerk), await openAccount(clerk)].map((account) => account.id);
  await openAccount(support);
  type Page = {
    auditLog: { edges: { node: { kind: string; actor: string; userId: string | null; detail: { key: string; value: string }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  };
  const FILTERED = `query Filtered($first: Int!, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) { edges { node { kind actor userId detail { key value } } } pageInfo { hasNextPage endCursor } }
  }`;
  const byClerk = { actor: clerkId, kinds: ['ACCOUNT_STATUS_CHANGED'] };
  const first = (await admin.data<Page>(FILTERED, { first: 2, filter: byClerk })).auditLog;
  const rest = (await admin.data<Page>(FILTERED, { first: 2, after: first.pageInfo.endCursor, filter: byClerk })).auditLog;
  const accountsOf = (page: Page['auditLog']) => page.edges.map(({ node }) => ({ kind: node.kind, actor: node.actor, account: node.detail.find((d) => d.key === 'serviceAccountId')?.value }));
  expect([...accountsOf(first), ...accountsOf(rest)].sort((a, b) => a.account!.localeCompare(b.account!))).toEqual(
    [...opened].sort().map((account) => ({ kind: 'ACCOUNT_STATUS_CHANGED', actor: clerkId, account })),
  );
  expect([first.pageInfo.hasNextPage, rest.pageInfo.hasNextPage]).toEqual([true, false]);
  // Everything the clerk did, accepting the invitation and signing in included, and nothing anyone else did.
  const everything = (await admin.data<Page>(FILTERED, { first: 50, filter: { actor: clerkId } })).auditLog.edges.map(({ node }) => node);
  expect(everything.map((node) => node.actor)).toEqual(everything.map(() => clerkId));
  expect(everything.map((node) => node.kind).sort()).toEqual(['ACCOUNT_STATUS_CHANGED', 'ACCOUNT_STATUS_CHANGED', 'ACCOUNT_STATUS_CHANGED', 'LOGIN_SUCCEEDED', 'STAFF_INVITATION_ACCEPTED']);

  // What was done to the clerk: made ADMIN by the ADMIN.
  const changed = await admin.data<{ changeStaffRole: { userErrors: unknown[] } }>('mutation Role($id: UUID!) { changeStaffRole(input: { userId: $id, role: ADMIN }) { userErrors { code } } }', {
    id: clerkId,
  });
  expect(changed.changeStaffRole.userErrors).toEqual([]);
  const aboutClerk = (await admin.data<Page>(FILTERED, { first: 50, filter: { userId: clerkId, kinds: ['STAFF_ROLE_CHANGED', 'STAFF_DISABLED'] } })).auditLog.edges.map(({ node }) => node);
  expect(aboutClerk.map((node) => ({ kind: node.kind, actor: node.actor, userId: node.userId }))).toEqual([{ kind: 'STAFF_ROLE_CHANGED', actor: adminId, userId: clerkId }]);
});
