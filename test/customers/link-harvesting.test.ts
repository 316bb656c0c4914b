import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { LOOKUP, openAccount, signInStaff } from '../billing/billing-api';
import { outcome } from './burst';
import { bearer, registerCustomer, signIn } from './customer-api';

/*
 * A link shows an account's holder in full (a guest's look-up masks them),
 * and at Norman the proof of an account never paid is "0.00". So a link's
 * proof counts under the look-up's found limits (30 per address an hour, in
 * the same budget), and one user makes no more links a day than it may hold
 * at once (25): otherwise a script links, reads, unlinks and moves on.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
const numbers: string[] = [];
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  const staff = await signInStaff(platform, 'norman', 'ADMIN');
  for (let i = 1; i <= 40; i++) {
    const { accountNumber } = await openAccount(staff, {
      accountNumber: `55-${String(i).padStart(4, '0')}-00`,
      customerName: `Resident Number${i}`,
      addressLine1: `${200 + i} W Gray St`,
      city: 'Norman',
      region: 'OK',
      postalCode: '73069',
    });
    numbers.push(accountNumber);
  }
});
afterAll(() => platform.close());

const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { id customerName serviceAddress { line1 } } userErrors { code } }
}`;
const UNLINK = `mutation Unlink($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }`;
type Linked = { linkServiceAccount: { serviceAccount: { id: string; customerName: string; serviceAddress: { line1: string } } | null; userErrors: { code: string }[] } | null };

const at = (address: string) => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': address });
async function customer(address: string, username: string): Promise<GraphQLTestClient> {
  const { session } = await registerCustomer(at(address), { email: `${username}@example.com`, username, name: 'Col Lector', phone: '405-555-0199' });
  return bearer(at(address), session);
}

/** Links each account, reads its holder and unlinks it again; answers each outcome and the holders read. */
async function linkAndUnlink(me: GraphQLTestClient, accountNumbers: readonly string[]): Promise<{ outcomes: string[]; holders: string[] }> {
  const outcomes: string[] = [];
  const holders: string[] = [];
  for (const accountNumber of accountNumbers) {
    const answer = await me.request<Linked>(LINK, { input: { accountNumber, lastPaymentAmount: '0.00' } });
    outcomes.push(outcome(answer));
    const account = answer.data?.linkServiceAccount?.serviceAccount;
    if (!account) continue;
    holders.push(`${account.customerName}, ${account.serviceAddress.line1}`);
    await me.data(UNLINK, { id: account.id });
  }
  return { outcomes, holders };
}

it('lets one user make 25 links a day, however many it unlinks', async () => {
  const { outcomes, holders } = await linkAndUnlink(await customer('10.66.0.1', 'collector'), numbers);
  expect(holders[0]).toBe('Resident Number1, 201 W Gray St');
  expect(outcomes).toEqual([...Array<string>(25).fill('OK'), ...Array<string>(15).fill('RATE_LIMITED')]);
  // The next day, the user links again.
  clock.advance(24 * 60 * 60 * 1000);
  const { session } = await signIn(at('10.66.0.1'), 'collector');
  expect((await linkAndUnlink(bearer(at('10.66.0.1'), session!), numbers.slice(25, 26))).outcomes).toEqual(['OK']);
});

it("counts links' proofs under the look-up's found limits: one address's users together see 30 holders an hour", async () => {
  const first = await linkAndUnlink(await customer('10.66.0.2', 'first'), numbers.slice(0, 20));
  const second = await linkAndUnlink(await customer('10.66.0.2', 'second'), numbers.slice(20, 40));
  expect([...first.outcomes, ...second.outcomes]).toEqual([...Array<string>(30).fill('OK'), ...Array<string>(10).fill('RATE_LIMITED')]);
  // A look-up from the address is refused as the links were: one budget.
  expect(outcome(await at('10.66.0.2').request(LOOKUP, { input: { accountNumber: numbers[0], lastPaymentAmount: '0.00' } }))).toBe('RATE_LIMITED');
});
