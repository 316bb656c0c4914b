import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';

/*
 * GraphQL's LocalDate takes any year from 0001; the platform's calendar arithmetic none before 100 (Date.UTC reads
 * years 0 to 99 as 19xx). A clerk's typo in the console's date field ("0026-11-23") was answered INTERNAL_SERVER_ERROR;
 * it is a refusal at the field, in the clerk's language.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const TOTALS = 'query Totals($from: LocalDate!, $to: LocalDate!) { paymentTotals(from: $from, to: $to) { net { amount } } }';
type Where = { reason?: string; field?: string };
const refusals = async (from: string, to: string, client = staff) =>
  (await client.request(TOTALS, { from, to })).errors?.map((e) => [e.extensions?.code, (e.extensions as Where).reason, (e.extensions as Where).field, e.message]);

it('refuses a day before the year 100 at its field, as BAD_USER_INPUT, never a server error', async () => {
  expect(await refusals('0026-11-23', '2026-11-23')).toEqual([['BAD_USER_INPUT', 'INVALID_DATE', 'from', 'Enter a day from the year 100 on, as YYYY-MM-DD.']]);
  expect(await refusals('2026-11-23', '0026-11-24')).toEqual([['BAD_USER_INPUT', 'INVALID_DATE', 'to', 'Enter a day from the year 100 on, as YYYY-MM-DD.']]);
  expect(await refusals('0001-01-01', '0001-01-02', staff.withHeaders({ 'accept-language': 'es' }))).toEqual([
    ['BAD_USER_INPUT', 'INVALID_DATE', 'from', 'Escriba un día a partir del año 100, como AAAA-MM-DD.'],
  ]);
  // The first year the calendar takes is answered.
  expect(await refusals('0100-01-01', '0100-01-02')).toBeUndefined();
});
