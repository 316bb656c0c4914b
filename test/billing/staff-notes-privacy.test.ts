import { FixedClock } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { ADJUST, BILL_HEADER, importCsv, openAccount, platformWithNorwalkStaff } from './billing-api';

/*
 * A resident who links an account sees its status history and ledger, but
 * not what staff wrote about it ("send two techs") nor which of the city's
 * people acted: those are the city's own. Staff see both.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithNorwalkStaff({ clock, jobs: true });

const DISCONNECT = `mutation($id: UUID!, $note: String) { markAccountDisconnected(serviceAccountId: $id, note: $note) { userErrors { code } } }`;
const HISTORY = `query($id: UUID!) { serviceAccount(id: $id) { statusHistory { toStatus actor note } ledger(first: 10) { edges { node { kind recordedBy } } } } }`;
const MINE = `{ viewer { serviceAccounts { statusHistory { toStatus actor note } ledger(first: 10) { edges { node { kind recordedBy } } } } } }`;
type Seen = { statusHistory: { toStatus: string; actor: string; note: string | null }[]; ledger: { edges: { node: { kind: string; recordedBy: string } }[] } };
const NOTE = 'Resident threatened the crew last visit: send two techs';

it("shows a resident the account's history without staff notes or staff ids, and staff with both", async () => {
  const account = await openAccount(env.support, { accountNumber: '88-0001-00', addressLine1: '12345 Imperial Hwy' });
  await importCsv(env.support, [BILL_HEADER, 'W-8801,88-0001-00,2026-09-01,2026-09-22,90.00,,'].join('\n'));
  await env.platform.runJob('billing.disconnection-sweep');
  expect((await env.support.data<{ markAccountDisconnected: { userErrors: unknown[] } }>(DISCONNECT, { id: account.id, note: NOTE })).markAccountDisconnected.userErrors).toEqual([]);
  const fee = { serviceAccountId: account.id, kind: 'FEE', amount: '25.00', memo: 'Disconnection fee', idempotencyKey: 'fee-88-0001-00' };
  expect((await env.admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, { input: fee })).recordAccountAdjustment.userErrors).toEqual([]);

  const staffView = (await env.support.data<{ serviceAccount: Seen }>(HISTORY, { id: account.id })).serviceAccount;
  const disconnected = staffView.statusHistory.find((change) => change.toStatus === 'DISCONNECTED')!;
  expect(disconnected).toEqual({ toStatus: 'DISCONNECTED', actor: expect.stringMatching(/^[0-9a-f-]{36}$/), note: NOTE });
  expect(staffView.ledger.edges.find((e) => e.node.kind === 'FEE')?.node.recordedBy).toMatch(/^[0-9a-f-]{36}$/);

  const guest = env.platform.client.asTenant('norwalk');
  const { session } = await registerCustomer(guest, { email: 'resident-88@example.com' });
  const resident = bearer(guest, session);
  const linked = await resident.data<{ linkServiceAccount: { userErrors: unknown[] } }>(
    `mutation { linkServiceAccount(input: { accountNumber: "88-0001-00", serviceHouseNumber: "12345" }) { userErrors { code } } }`,
  );
  expect(linked.linkServiceAccount.userErrors).toEqual([]);
  const [residentView] = (await resident.data<{ viewer: { serviceAccounts: Seen[] } }>(MINE)).viewer.serviceAccounts;
  expect(residentView!.statusHistory.find((change) => change.toStatus === 'DISCONNECTED')).toEqual({ toStatus: 'DISCONNECTED', actor: 'staff', note: null });
  // Staff who opened and disconnected it are "staff"; the sweep that found it past due is "system" to both.
  expect(residentView!.statusHistory.map((change) => [change.toStatus, change.actor])).toEqual([
    ['ACTIVE', 'staff'],
    ['DISCONNECT_ELIGIBLE', 'system'],
    ['DISCONNECTED', 'staff'],
  ]);
  expect(residentView!.ledger.edges.map((e) => [e.node.kind, e.node.recordedBy])).toContainEqual(['FEE', 'staff']);
  expect(JSON.stringify(residentView)).not.toContain(NOTE);
});
