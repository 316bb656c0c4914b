import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * Settings the operator types that are surely slips, refused where they
 * stand: a fee meant as $2.50 typed "250", a phone number nobody can dial,
 * and autopay offering online a method the city no longer takes.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const UPDATE = `mutation($slug: String!, $input: UpdateTenantInput!) {
  updateTenant(slug: $slug, input: $input) {
    tenant { paymentRules { returnedPaymentFee { amount } } contact { payByPhoneNumber } payments { echeckAccepted autopayMethodsOnline } }
    userErrors { field code message }
  }
}`;
interface Answer {
  readonly updateTenant: {
    readonly tenant: {
      readonly paymentRules: { readonly returnedPaymentFee: { readonly amount: string } };
      readonly contact: { readonly payByPhoneNumber: string | null };
      readonly payments: { readonly echeckAccepted: boolean; readonly autopayMethodsOnline: string[] };
    } | null;
    readonly userErrors: { readonly field: string[]; readonly code: string; readonly message: string }[];
  };
}
const update = async (slug: string, input: Record<string, unknown>) => (await platform.operator.data<Answer>(UPDATE, { slug, input })).updateTenant;

it('refuses a returned-payment fee of "250" (meant as $2.50), as it refuses a convenience fee of that size, and takes $35.00', async () => {
  expect((await update('norman', { paymentRules: { returnedPaymentFee: '250' } })).userErrors).toEqual([
    { field: ['input', 'paymentRules', 'returnedPaymentFee'], code: 'INVALID_FEE', message: 'A returned-payment fee may be at most $50.00.' },
  ]);
  const taken = await update('norman', { paymentRules: { returnedPaymentFee: '35.00' } });
  expect(taken.userErrors).toEqual([]);
  expect(taken.tenant!.paymentRules.returnedPaymentFee.amount).toBe('35.00');
});

it('refuses a phone number no one can dial (an area code or exchange starting 0 or 1) and takes one that can be', async () => {
  for (const [field, number] of [
    ['payByPhoneNumber', '(012) 345-6789'],
    ['payByPhoneNumber', '405-155-0100'],
    ['customerServicePhone', '+1 105 555 0100'],
  ] as const) {
    expect([number, (await update('norman', { contact: { [field]: number } })).userErrors.map((e) => [e.field, e.code])]).toEqual([number, [[['input', 'contact', field], 'INVALID']]]);
  }
  const taken = await update('norman', { contact: { payByPhoneNumber: '(405) 217-7700' } });
  expect(taken.userErrors).toEqual([]);
  expect(taken.tenant!.contact.payByPhoneNumber).toBe('(405) 217-7700');
});

it('refuses to stop taking e-checks while autopay takes bank accounts online, and takes both changes together', async () => {
  const refused = await update('norman', { paymentRules: { echeckAccepted: false } });
  expect(refused.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'autopayRules', 'methodsAllowedOnline'], 'INVALID']]);
  expect(refused.userErrors[0]!.message).toMatch(/^Autopay can only take online a method the city accepts/);
  // Nor cards online with no brand taken (nor the city's pay-by-phone line, which takes cards alone).
  expect((await update('norman', { paymentRules: { acceptedCardBrands: [] } })).userErrors.map((e) => e.field)).toEqual([
    ['input', 'autopayRules', 'methodsAllowedOnline'],
    ['input', 'contact', 'payByPhoneNumber'],
  ]);

  const both = await update('norman', { paymentRules: { echeckAccepted: false }, autopayRules: { methodsAllowedOnline: ['CARD'] } });
  expect(both.userErrors).toEqual([]);
  expect(both.tenant!.payments).toEqual({ echeckAccepted: false, autopayMethodsOnline: ['CARD'] });
});

it('gives a city created without e-checks autopay online by card alone, unless it says otherwise', async () => {
  const { createTenant } = await platform.operator.data<{ createTenant: { tenant: { autopayRules: { methodsAllowedOnline: string[] } } | null; userErrors: unknown[] } }>(
    'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { autopayRules { methodsAllowedOnline } } userErrors { field code } } }',
    { input: { slug: 'cardsville', name: 'City of Cardsville', timezone: 'America/Chicago', paymentRules: { echeckAccepted: false } } },
  );
  expect(createTenant).toEqual({ tenant: { autopayRules: { methodsAllowedOnline: ['CARD'] } }, userErrors: [] });
});

it('says once that a phone number is not written as one, not twice at the same field (found by attack: each of its two checks said it)', async () => {
  for (const [field, number] of [
    ['payByPhoneNumber', '+44 20 7946 0958'],
    ['customerServicePhone', '562-929-5766 x12'],
  ] as const) {
    const answer = await update('norman', { contact: { [field]: number } });
    expect([number, answer.userErrors]).toEqual([
      number,
      [
        {
          field: ['input', 'contact', field],
          code: 'INVALID',
          message: 'Phone numbers are written like "562-555-0100" or "(562) 555-0100", with an area code and exchange that do not start with 0 or 1.',
        },
      ],
    ]);
  }
});
