import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * A city's time zone is "kept by its canonical name" (README, Operator): the
 * name the IANA time zone database gives the zone, not one of the old names it
 * keeps as links for old software. The platform stored what the runtime's ICU
 * answered, CLDR's frozen identifiers, so a zone typed correctly came back
 * under the name IANA retired ("Asia/Kolkata" as "Asia/Calcutta"), and the
 * answer would change with the Node version.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
});
afterAll(() => platform.close());

const CREATE = `mutation Create($input: CreateTenantInput!) {
  createTenant(input: $input) { tenant { slug timezone } userErrors { field code message } }
}`;
type Created = { createTenant: { tenant: { slug: string; timezone: string } | null; userErrors: { field: string[]; code: string }[] } };
const create = (slug: string, timezone: string) => platform.operator.data<Created>(CREATE, { input: { slug, name: `City of ${slug}`, timezone } });

describe("a city's time zone, typed by its IANA canonical name", () => {
  it.each([
    ['louisville', 'America/Kentucky/Louisville'],
    ['indianapolis', 'America/Indiana/Indianapolis'],
    ['kolkata', 'Asia/Kolkata'],
    ['kyiv', 'Europe/Kyiv'],
  ])('%s: %s is kept as typed, not replaced by a deprecated alias', async (slug, timezone) => {
    const result = await create(slug, timezone);
    expect(result.createTenant.userErrors).toEqual([]);
    expect(result.createTenant.tenant?.timezone).toBe(timezone);
  });
});

it.each([
  ['calcutta', 'Asia/Calcutta', 'Asia/Kolkata'],
  ['kiev', 'europe/kiev', 'Europe/Kyiv'],
  ['lowercase', 'america/kentucky/louisville', 'America/Kentucky/Louisville'],
])('%s: a retired or lower-case name (%s) is kept by its canonical name, %s', async (slug, typed, canonical) => {
  const result = await create(slug, typed);
  expect(result.createTenant.userErrors).toEqual([]);
  expect(result.createTenant.tenant?.timezone).toBe(canonical);
});

it('still refuses a zone that is not one', async () => {
  const result = await create('nowhere', 'Mars/Olympus_Mons');
  expect(result.createTenant.tenant).toBeNull();
  expect(result.createTenant.userErrors).toEqual([expect.objectContaining({ field: ['input', 'timezone'], code: 'INVALID_TIME_ZONE' })]);
});
