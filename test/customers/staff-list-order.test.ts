import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, type UserErrorShape } from './customer-api';
import { demoStaffClient } from './demo-staff';

// staffUsers is by name, and the console's Staff page puts a member it has just added where Intl.Collator in the page's
// language places them (staff-rows.ts withMember). The list was in the database's byte order: every name starting with
// a lower-case letter ("de la Cruz") after every capitalised one, and "Álvaro" after "Zoe", so at Norwalk (which writes
// in Spanish too) Álvaro was shown near the top when added, then at the bottom on the next visit.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const STAFF_NAMES = '{ staffUsers { name } }';

it('lists the city’s staff by name as a reader of the request’s language orders names, accents and letter case aside', async () => {
  const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  for (const [email, name] of [
    ['alvaro@norwalk.example', 'Álvaro Ortiz'],
    ['zoe@norwalk.example', 'Zoe Lane'],
    ['ana@norwalk.example', 'de la Cruz, Ana'],
    ['nuria@norwalk.example', 'Nuria Soto'],
    ['nandu@norwalk.example', 'Ñandú Pérez'],
  ]) {
    const { createStaffUser } = await admin.data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, name, role: 'SUPPORT' } });
    expect(createStaffUser.userErrors).toEqual([]);
  }

  const inEnglish = (await admin.data<{ staffUsers: { name: string }[] }>(STAFF_NAMES)).staffUsers.map((member) => member.name);
  expect(inEnglish).toEqual(['Adam Admin', 'Álvaro Ortiz', 'de la Cruz, Ana', 'Ñandú Pérez', 'Nuria Soto', 'Sofia Support', 'Zoe Lane']);
  expect(inEnglish).toEqual([...inEnglish].sort(new Intl.Collator('en').compare));
  // Spanish reads Ñ as a letter of its own, after N.
  const inSpanish = (await admin.withHeaders({ 'accept-language': 'es' }).data<{ staffUsers: { name: string }[] }>(STAFF_NAMES)).staffUsers.map((member) => member.name);
  expect(inSpanish).toEqual(['Adam Admin', 'Álvaro Ortiz', 'de la Cruz, Ana', 'Nuria Soto', 'Ñandú Pérez', 'Sofia Support', 'Zoe Lane']);
  expect(inSpanish).toEqual([...inSpanish].sort(new Intl.Collator('es').compare));
});
