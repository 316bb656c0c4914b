import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, REGISTER, UPDATE_PROFILE, bearer, registerCustomer, type UserErrorShape } from './customer-api';

/*
 * README, abuse limits: `register` is limited to 10 per address per hour, because its EMAIL_TAKEN answer tells
 * whether an address holds an account of the city. updateProfile gives the same answer (EMAIL_TAKEN at
 * ["input","email"]) to any signed-in account that types its own password, so it is rationed as register's is: a new
 * email asked for is counted whatever the answer (10 per address, 5 per user, per hour), and past that the answer is
 * RATE_LIMITED. Otherwise one throw-away registration would ask the city about every email in a list, from one
 * address, as fast as it liked (a right password gives its sign-in attempt back).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const elsewhere = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const ATTACKER_ADDRESS = '203.0.113.66';
const fromAttacker = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': ATTACKER_ADDRESS });

type UpdatePayload = { updateProfile: { user: { email: string } | null; userErrors: UserErrorShape[] } };

it('answers "is this email a resident\'s?" no more often than register does from one address (10 an hour)', async () => {
  // Residents of the city, registered from their own addresses.
  const residents = ['ana@example.com', 'ben@example.com', 'cruz@example.com'];
  for (const email of residents) await registerCustomer(elsewhere(), { email });

  // Register from the attacker's address: after 10 it is RATE_LIMITED, whatever the email.
  let registerAnswers = 0;
  for (let i = 0; i < 12; i++) {
    const response = await fromAttacker().request<{ register: { userErrors: UserErrorShape[] } }>(REGISTER, { input: { email: residents[i % 3], password: GOOD_PASSWORD } });
    if (response.data?.register?.userErrors.some((e) => e.code === 'EMAIL_TAKEN')) registerAnswers++;
  }
  expect(registerAnswers).toBeLessThanOrEqual(10);

  // The same question through updateProfile, from a second address, with one account's own password.
  const { session } = await registerCustomer(elsewhere(), { email: 'harvester@example.com' });
  const harvester = bearer(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '203.0.113.77' }), session);
  const answers: string[] = [];
  for (let i = 0; i < 30; i++) {
    const response = await harvester.request<UpdatePayload>(UPDATE_PROFILE, { input: { email: residents[i % 3], currentPassword: GOOD_PASSWORD } });
    answers.push(response.data?.updateProfile?.userErrors[0]?.code ?? String(response.errors?.[0]?.extensions?.code));
  }
  const taken = answers.filter((code) => code === 'EMAIL_TAKEN').length;
  expect(taken).toBeLessThanOrEqual(10);
  expect(answers).toContain('RATE_LIMITED');
});

it('rations the answer per address too: throw-away accounts behind one address share its 10 an hour', async () => {
  await registerCustomer(elsewhere(), { email: 'dana@example.com' });
  const address = '203.0.113.88';
  const answers: string[] = [];
  for (let account = 0; account < 3; account++) {
    const { session } = await registerCustomer(elsewhere(), { email: `throwaway-${account}@example.com` });
    const client = bearer(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address }), session);
    for (let i = 0; i < 5; i++) {
      const response = await client.request<UpdatePayload>(UPDATE_PROFILE, { input: { email: 'dana@example.com', currentPassword: GOOD_PASSWORD } });
      answers.push(response.data?.updateProfile?.userErrors[0]?.code ?? String(response.errors?.[0]?.extensions?.code));
    }
  }
  expect(answers.filter((code) => code === 'EMAIL_TAKEN')).toHaveLength(10);
  expect(answers.slice(10)).toEqual(Array(5).fill('RATE_LIMITED'));
});
