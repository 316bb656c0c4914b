import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * A pay-by-phone line takes cards alone (the provider's <Pay> collects a card
 * for the processor). A city may take e-checks only, but then it keeps no
 * line: a caller would key their account and amount and be asked for a card
 * the city refuses. Taking away the last card brand takes the line away in
 * the same change.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const UPDATE = `mutation($slug: String!, $input: UpdateTenantInput!) {
  updateTenant(slug: $slug, input: $input) {
    tenant { contact { payByPhoneNumber } payments { acceptedCardBrands echeckAccepted } }
    userErrors { field code message }
  }
}`;
interface Updated {
  readonly updateTenant: {
    readonly tenant: { readonly contact: { readonly payByPhoneNumber: string | null }; readonly payments: { readonly acceptedCardBrands: string[]; readonly echeckAccepted: boolean } } | null;
    readonly userErrors: { readonly field: string[]; readonly code: string; readonly message: string }[];
  };
}
const update = async (input: Record<string, unknown>, locale = 'en') =>
  (await platform.operator.withHeaders({ 'accept-language': locale }).data<Updated>(UPDATE, { slug: 'norwalk', input })).updateTenant;
/** Norwalk taking e-checks alone (and so autopay online by bank account alone). */
const ECHECKS_ONLY = { paymentRules: { acceptedCardBrands: [], echeckAccepted: true }, autopayRules: { methodsAllowedOnline: ['BANK_ACCOUNT'] } };
const AT_THE_LINE = ['input', 'contact', 'payByPhoneNumber'];

it('refuses to take e-checks only while the city keeps its pay-by-phone line, in English and Spanish, and changes nothing', async () => {
  expect((await update(ECHECKS_ONLY)).userErrors).toEqual([
    {
      field: AT_THE_LINE,
      code: 'INVALID',
      message: 'A pay-by-phone line takes payments by card only: accept at least one card brand, or remove the pay-by-phone number in the same change.',
    },
  ]);
  expect((await update(ECHECKS_ONLY, 'es')).userErrors.map((e) => e.message)).toEqual([
    'Una línea de pago por teléfono solo acepta pagos con tarjeta: acepte al menos una marca de tarjeta, o quite el número de pago por teléfono en el mismo cambio.',
  ]);
  const { tenant } = await platform.client
    .asTenant('norwalk')
    .data<{ tenant: Updated['updateTenant']['tenant'] }>('{ tenant { contact { payByPhoneNumber } payments { acceptedCardBrands echeckAccepted } } }');
  expect(tenant).toEqual({ contact: { payByPhoneNumber: '888-647-2502' }, payments: { acceptedCardBrands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'], echeckAccepted: true } });
});

it('takes e-checks only with the line removed in the same change, and then refuses a line given back without a card brand', async () => {
  const taken = await update({ ...ECHECKS_ONLY, contact: { payByPhoneNumber: null } });
  expect(taken).toEqual({ tenant: { contact: { payByPhoneNumber: null }, payments: { acceptedCardBrands: [], echeckAccepted: true } }, userErrors: [] });
  expect((await update({ contact: { payByPhoneNumber: '888-647-2502' } })).userErrors.map((e) => [e.field, e.code])).toEqual([[AT_THE_LINE, 'INVALID']]);
  // With a card brand, the line comes back.
  const again = await update({ contact: { payByPhoneNumber: '888-647-2502' }, paymentRules: { acceptedCardBrands: ['VISA'] } });
  expect(again.userErrors).toEqual([]);
  expect(again.tenant!.contact.payByPhoneNumber).toBe('888-647-2502');
});

it('refuses a new city with a pay-by-phone line and no card brand', async () => {
  const { createTenant } = await platform.operator.data<{ createTenant: { tenant: unknown; userErrors: { field: string[]; code: string }[] } }>(
    'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { slug } userErrors { field code } } }',
    {
      input: {
        slug: 'checksville',
        name: 'City of Checksville',
        timezone: 'America/Chicago',
        contact: { payByPhoneNumber: '(405) 555-0199' },
        paymentRules: { acceptedCardBrands: [], echeckAccepted: true },
      },
    },
  );
  expect(createTenant).toEqual({ tenant: null, userErrors: [{ field: AT_THE_LINE, code: 'INVALID' }] });
});
