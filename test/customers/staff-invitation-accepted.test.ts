import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { AUDIT_LOG, CREATE_STAFF, GOOD_PASSWORD, RESET, bearer, latestToken, outboxFor, signIn, type UserErrorShape } from './customer-api';

// A new clerk accepts their staff invitation: they open its link and choose their first password. Nobody changed a
// password (they had none), so they are not emailed PASSWORD_CHANGED ("if this was not you, reset your password now
// and call us"), which would alarm them on their first day and teach them to ignore the notice when it is real; and
// the audit log says the invitation was accepted, not that a password was reset.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

type AuditPage = { auditLog: { edges: { node: { kind: string; actor: string; userId: string | null } }[] } };

it('sends no "your password was changed" notice to a new staff member who accepted their invitation, and logs the acceptance', async () => {
  const created = await platform.operator
    .asTenant('norwalk')
    .data<{ createStaffUser: { user: { id: string }; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: 'nina.new@norwalk.example', name: 'Nina New', role: 'ADMIN' } });
  expect(created.createStaffUser.userErrors).toEqual([]);
  const nina = created.createStaffUser.user.id;
  const token = await latestToken(platform, 'norwalk', 'nina.new@norwalk.example', 'STAFF_INVITATION');
  const client = platform.client.asTenant('norwalk');
  const accepted = await client.data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(accepted.resetPassword.userErrors).toEqual([]);

  expect((await outboxFor(platform, 'norwalk', 'nina.new@norwalk.example')).map((message) => message.template)).toEqual(['STAFF_INVITATION']);
  const admin = bearer(client, (await signIn(client, 'nina.new@norwalk.example')).session!);
  const { auditLog } = await admin.data<AuditPage>(AUDIT_LOG, { first: 10 });
  const about = auditLog.edges.map((edge) => edge.node).filter((event) => event.userId === nina);
  expect(about.map((event) => event.kind)).toEqual(['LOGIN_SUCCEEDED', 'STAFF_INVITATION_ACCEPTED', 'STAFF_CREATED']);
  expect(about[1]!.actor).toBe(nina);
  const { auditLog: labelled } = await admin.data<{ auditLog: { edges: { node: { kind: string; label: string } }[] } }>('{ auditLog(first: 10) { edges { node { kind label } } } }');
  expect(labelled.edges.find((edge) => edge.node.kind === 'STAFF_INVITATION_ACCEPTED')?.node.label).toBe('Staff invitation accepted');
  const spanish = await admin
    .withHeaders({ 'accept-language': 'es' })
    .data<{ auditLog: { edges: { node: { kind: string; label: string } }[] } }>('{ auditLog(first: 10) { edges { node { kind label } } } }');
  expect(spanish.auditLog.edges.find((edge) => edge.node.kind === 'STAFF_INVITATION_ACCEPTED')?.node.label).toBe('Invitación del personal aceptada');
});
