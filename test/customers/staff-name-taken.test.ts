import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, UPDATE_PROFILE, registerCustomer, signIn, type UserErrorShape } from './customer-api';
import { demoStaffClient } from './demo-staff';

// The audit log names who did what. A staff member chooses their own name (updateProfile), so a clerk could rename
// themselves after the city's ADMIN, and every row of theirs, past ones included, read as the ADMIN's. No two staff
// of a city have one name (letter case and accents aside), and the log says, with each name, how the person signs in:
// their email, or their username where the city signs in by username, which only they have.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

type Created = { createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } };
type Updated = { updateProfile: { user: { name: string } | null; userErrors: UserErrorShape[] } };
const problems = (errors: readonly UserErrorShape[]) => errors.map((error) => [error.field.join('.'), error.code]);

describe('a staff name another staff member of the city has', () => {
  it('is refused to a new staff member, in English and in Spanish, with the other problems at once', async () => {
    const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
    const twin = await admin.data<Created>(CREATE_STAFF, { input: { email: 'support@norwalk.example', name: 'sofía  SUPPORT', role: 'SUPPORT' } });
    expect(twin.createStaffUser.user).toBeNull();
    expect(problems(twin.createStaffUser.userErrors)).toEqual([
      ['input.email', 'EMAIL_TAKEN'],
      ['input.name', 'STAFF_NAME_TAKEN'],
    ]);
    expect(twin.createStaffUser.userErrors[1]!.message).toBe('Another member of staff already has this name. Add what tells you apart, such as a middle initial.');
    const spanish = await admin.withHeaders({ 'accept-language': 'es' }).data<Created>(CREATE_STAFF, { input: { email: 'sofia.2@norwalk.example', name: 'Sofia Support', role: 'SUPPORT' } });
    expect(spanish.createStaffUser.userErrors.map((error) => [error.code, error.message])).toEqual([
      ['STAFF_NAME_TAKEN', 'Otra persona del personal ya tiene este nombre. Agregue lo que los distingue, como la inicial de otro nombre.'],
    ]);
    // Norman's staff are another city's: the same name there is no one's here.
    const norman = await demoStaffClient(platform, 'norman', 'ADMIN');
    const elsewhere = await norman.data<Created>(CREATE_STAFF, { input: { email: 'sofia@norman.example', username: 'sofia_s', name: 'Sofia Support', role: 'SUPPORT' } });
    expect(elsewhere.createStaffUser.userErrors).toEqual([]);
  });

  it('is refused to a clerk renaming themselves, whether the other has access or had it taken away; their own name in other letters is theirs', async () => {
    const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
    const leaver = await admin.data<Created>(CREATE_STAFF, { input: { email: 'lena.leaver@norwalk.example', name: 'Lena Leaver', role: 'SUPPORT' } });
    await admin.data('mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }', { userId: leaver.createStaffUser.user!.id });

    const clerk = await demoStaffClient(platform, 'norwalk', 'SUPPORT');
    for (const name of ['ADAM ADMIN', 'Ádam Admin', 'lena leaver']) {
      const { updateProfile } = await clerk.data<Updated>(UPDATE_PROFILE, { input: { name } });
      expect({ name, problems: problems(updateProfile.userErrors) }).toEqual({ name, problems: [['input.name', 'STAFF_NAME_TAKEN']] });
    }
    const own = await clerk.data<Updated>(UPDATE_PROFILE, { input: { name: 'Sofía SUPPORT' } });
    expect(own.updateProfile).toEqual({ user: expect.objectContaining({ name: 'Sofía SUPPORT' }), userErrors: [] });
  });

  it('goes to one of two staff members added under it at once', async () => {
    const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
    const both = await Promise.all(
      ['twin.one@norwalk.example', 'twin.two@norwalk.example'].map((email) => admin.data<Created>(CREATE_STAFF, { input: { email, name: 'Tess Twin', role: 'SUPPORT' } })),
    );
    expect(both.map((answer) => answer.createStaffUser.userErrors.map((error) => error.code)).sort()).toEqual([[], ['STAFF_NAME_TAKEN']]);
  });
});

describe('the audit log', () => {
  const SIGN_INS = '{ auditLog(first: 50) { edges { node { kind actorName actorSignIn subjectName subjectSignIn } } } }';
  type SignIns = { auditLog: { edges: { node: { kind: string; actorName: string | null; actorSignIn: string | null; subjectName: string | null; subjectSignIn: string | null } }[] } };

  it('says with each name how the person signs in: their email, or their username where the city signs in by one', async () => {
    // Only the staff are held to their names: a resident may go by the ADMIN's, and signs in under it.
    const client = platform.client.asTenant('norwalk');
    await registerCustomer(client, { email: 'adam.namesake@example.com', name: 'Adam Admin' });
    expect((await signIn(client, 'adam.namesake@example.com')).session).toBeTruthy();
    const norwalk = await demoStaffClient(platform, 'norwalk', 'ADMIN');
    const events = (await norwalk.data<SignIns>(SIGN_INS)).auditLog.edges.map((edge) => edge.node);
    const asAdam = events.filter((event) => event.kind === 'LOGIN_SUCCEEDED' && event.actorName === 'Adam Admin');
    expect(asAdam.slice(0, 2)).toEqual([
      { kind: 'LOGIN_SUCCEEDED', actorName: 'Adam Admin', actorSignIn: 'admin@norwalk.example', subjectName: 'Adam Admin', subjectSignIn: 'admin@norwalk.example' },
      { kind: 'LOGIN_SUCCEEDED', actorName: 'Adam Admin', actorSignIn: 'adam.namesake@example.com', subjectName: 'Adam Admin', subjectSignIn: 'adam.namesake@example.com' },
    ]);

    const norman = await demoStaffClient(platform, 'norman', 'ADMIN');
    const there = (await norman.data<SignIns>(SIGN_INS)).auditLog.edges.map((edge) => edge.node);
    expect(there.find((event) => event.kind === 'STAFF_CREATED')).toEqual({
      kind: 'STAFF_CREATED',
      actorName: 'Arthur Admin',
      actorSignIn: 'norman_admin',
      subjectName: 'Sofia Support',
      subjectSignIn: 'sofia_s',
    });
  });
});
