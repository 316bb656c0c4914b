import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';

/*
 * A clerk who types a year short (year 26 for 2026, as the date field lets one) asked Daily totals for a period the
 * platform's calendar does not hold: the API failed with INTERNAL_SERVER_ERROR, and the page offered only "try again".
 * Such a date is the asker's to fix: BAD_USER_INPUT beside the field it names, in the asker's language.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const TOTALS = 'query Totals($from: LocalDate!, $to: LocalDate!) { paymentTotals(from: $from, to: $to) { net { amount } } }';
const refusal = (errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined) =>
  errors?.map((e) => [e.extensions?.code, e.extensions?.reason, e.extensions?.field, e.message]);

it("refuses a date before the year 100 as the asker's mistake, naming the field, in English and Spanish", async () => {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect(refusal((await staff.request(TOTALS, { from: '0026-03-01', to: '2026-03-05' })).errors)).toEqual([
    ['BAD_USER_INPUT', 'INVALID_DATE', 'from', 'Enter a date from the year 100 on, written YYYY-MM-DD.'],
  ]);
  expect(refusal((await staff.request(TOTALS, { from: '0026-03-01', to: '0026-03-05' })).errors)).toEqual([
    ['BAD_USER_INPUT', 'INVALID_DATE', 'from', 'Enter a date from the year 100 on, written YYYY-MM-DD.'],
  ]);
  expect(refusal((await staff.withHeaders({ 'accept-language': 'es' }).request(TOTALS, { from: '2026-03-01', to: '0099-12-31' })).errors)).toEqual([
    ['BAD_USER_INPUT', 'INVALID_DATE', 'to', 'Escriba una fecha a partir del año 100, en la forma AAAA-MM-DD.'],
  ]);
  expect((await staff.request(TOTALS, { from: '0100-01-01', to: '0100-01-02' })).errors).toBeUndefined();
});
