import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from './payments-api';

// Both cities post on business days here; Norman also closes the day after Thanksgiving and the day after Christmas.
const clock = new FixedClock(new Date('2026-11-25T20:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  for (const [slug, holidays] of [
    ['norwalk', []],
    ['norman', ['2026-11-27', '2025-12-26']],
  ] as const) {
    const { updateTenant } = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
      'mutation Rules($slug: String!, $holidays: [String!]) { updateTenant(slug: $slug, input: { paymentRules: { postingBusinessDaysOnly: true, postingHolidays: $holidays } }) { userErrors { field code } } }',
      { slug, holidays },
    );
    expect(updateTenant.userErrors).toEqual([]);
  }
});
afterAll(() => platform.close());

let nextAddress = 1;
const guest = (slug: string) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `198.18.0.${nextAddress++}` });
const ACCOUNTS = { norwalk: { accountNumber: '10-1001-00' }, norman: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } } as const;

async function postingDateAt(slug: 'norwalk' | 'norman', instant: string): Promise<string> {
  clock.set(new Date(instant));
  const result = await pay(guest(slug), {
    idempotencyKey: newKey('holiday'),
    allocations: [{ ...ACCOUNTS[slug], amount: '5.00' }],
    token: await cardToken(platform),
    payerEmail: 'holiday@example.com',
  });
  expect(result.userErrors).toEqual([]);
  return result.payment!.expectedPostingDate;
}

it("shows each city's own closing days beside the bank holidays", async () => {
  const rules = '{ tenant { paymentRules { posting { businessDaysOnly cityHolidays description } } } }';
  const norman = await guest('norman').data<{ tenant: { paymentRules: { posting: { businessDaysOnly: boolean; cityHolidays: string[]; description: string } } } }>(rules);
  expect(norman.tenant.paymentRules.posting).toMatchObject({ businessDaysOnly: true, cityHolidays: ['2025-12-26', '2026-11-27'] });
  expect(norman.tenant.paymentRules.posting.description).toContain('except bank holidays');
});

it('Thanksgiving: a Wednesday payment posts on Friday in Norwalk, and on Monday in Norman, which closes that Friday', async () => {
  expect(await postingDateAt('norwalk', '2026-11-25T20:00:00Z')).toBe('2026-11-27'); // noon Pacific
  expect(await postingDateAt('norman', '2026-11-25T18:00:00Z')).toBe('2026-11-30'); // noon Central
});

it('the day after Christmas: a Christmas Eve payment posts that Friday in Norwalk, and on Monday in Norman', async () => {
  expect(await postingDateAt('norwalk', '2025-12-24T20:00:00Z')).toBe('2025-12-26');
  expect(await postingDateAt('norman', '2025-12-24T18:00:00Z')).toBe('2025-12-29');
  // Made on the day after Christmas itself: Norwalk counts it Friday's, Norman Monday's.
  expect(await postingDateAt('norwalk', '2025-12-26T20:00:00Z')).toBe('2025-12-29');
  expect(await postingDateAt('norman', '2025-12-26T18:00:00Z')).toBe('2025-12-30');
});

it('refuses a holiday that is not a real date', async () => {
  const { updateTenant } = await platform.operator.data<{ updateTenant: { userErrors: { field: string[]; code: string }[] } }>(
    'mutation { updateTenant(slug: "norman", input: { paymentRules: { postingHolidays: ["2026-02-30"] } }) { userErrors { field code } } }',
  );
  expect(updateTenant.userErrors).toEqual([{ field: ['input', 'paymentRules', 'postingHolidays', '0'], code: 'INVALID' }]);
});
