import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BURST, addressSource, burst, outcome } from '../customers/burst';
import { auditCount, tenantRows } from '../customers/customer-api';
import { LOOKUP, openAccount, signInStaff } from './billing-api';

/*
 * Look-ups that succeed are limited too: 30 per address per hour and 300 per
 * city per minute, so nobody reads the city's accounts one number after
 * another. A limit reached is written to the audit log once.
 */

// The clock stands still, so the one-minute city window cannot roll over mid-test.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
const numbers: string[] = [];
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  for (let i = 1; i <= 40; i++) numbers.push((await openAccount(staff, { accountNumber: `88-${String(i).padStart(4, '0')}-00` })).accountNumber);
});
afterAll(() => platform.close());

const freshAddress = addressSource('10.40');
const from = (address = freshAddress()): GraphQLTestClient => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
const lookUp = (client: GraphQLTestClient, accountNumber: string) => client.request(LOOKUP, { input: { accountNumber } });
const limitEntries = async (limit: string) => auditCount(platform, 'norwalk', `kind = 'RATE_LIMITED' AND detail->>'limit' = $1`, [limit]);

it('lets one address read 30 accounts in an hour, not 40 consecutive numbers', async () => {
  const scanner = from();
  const outcomes: string[] = [];
  for (const accountNumber of numbers) outcomes.push(outcome(await lookUp(scanner, accountNumber)));
  expect(outcomes).toEqual([...Array<string>(30).fill('OK'), ...Array<string>(10).fill('RATE_LIMITED')]);
  expect(await limitEntries('lookup-found-ip')).toBe(1);
  // Citations and bills are found through the same budget.
  const payable = await scanner.request('mutation { lookupPayable(input: { kind: UTILITY_BILL, referenceNumber: "nothing-to-see" }) { userErrors { code } } }');
  expect(outcome(payable)).toBe('RATE_LIMITED');
  // Others are not held up, and the address may look up again an hour later.
  expect(outcome(await lookUp(from(), numbers[0]!))).toBe('OK');
  clock.advance(60 * 60 * 1000);
  expect(outcome(await lookUp(scanner, numbers[0]!))).toBe('OK');
});

it('finds at most 30 accounts for one address in an hour, also when 60 are looked up at once', async () => {
  clock.advance(60 * 60 * 1000);
  const address = freshAddress();
  const tally = await burst(BURST, (i) => lookUp(from(address), numbers[i % numbers.length]!));
  // Look-ups in flight hold a place under every limit until their outcome is known, so fewer may pass at once.
  expect(tally.OK).toBeLessThanOrEqual(30);
  expect(tally.OK! + tally.RATE_LIMITED!).toBe(BURST);
  let found = tally.OK!;
  while (found <= numbers.length && outcome(await lookUp(from(address), numbers[found % numbers.length]!)) === 'OK') found++;
  expect(found).toBe(30);
});

it('finds at most 300 accounts a minute in the whole city, however many addresses ask', async () => {
  clock.advance(60 * 60 * 1000);
  const outcomes: Record<string, number> = {};
  // 330 look-ups from 330 addresses, 55 at a time.
  for (let round = 0; round < 6; round++) {
    const tally = await burst(55, (i) => lookUp(from(), numbers[(round * 55 + i) % numbers.length]!));
    for (const [key, n] of Object.entries(tally)) outcomes[key] = (outcomes[key] ?? 0) + n;
  }
  expect(outcomes).toEqual({ OK: 300, RATE_LIMITED: 30 });
  expect(await limitEntries('lookup-found-city')).toBe(1);
  const [entry] = await tenantRows<{ detail: Record<string, string> }>(platform, 'norwalk', `SELECT detail FROM security_events WHERE detail->>'limit' = 'lookup-found-city'`);
  expect(entry?.detail).toEqual({ action: 'lookupAccount', limit: 'lookup-found-city' });
  // The next minute, the city's guests are served again.
  clock.advance(60 * 1000);
  expect(outcome(await lookUp(from(), numbers[0]!))).toBe('OK');
});
