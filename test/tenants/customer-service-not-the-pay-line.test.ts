import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * The phone line puts a caller who asks for a person (0) through to the city's customer-service number. Set to the
 * pay-by-phone line itself, however written, that sends the caller back into the same automated menu, again and
 * again: refused at the customer-service number, in the request's language, changing nothing. Between cities the same
 * holds: a customer-service number that is another city's pay line, or a pay line that is another city's
 * customer-service number, puts one city's callers asking for a person through to the other's automated line (found by
 * attack).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const UPDATE = `mutation($slug: String!, $input: UpdateTenantInput!) {
  updateTenant(slug: $slug, input: $input) { tenant { contact { customerServicePhone payByPhoneNumber } } userErrors { field code message } }
}`;
const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { slug } userErrors { field code message } } }`;
type Payload = { readonly tenant: unknown; readonly userErrors: { field: string[]; code: string; message: string }[] };

const update = async (input: Record<string, unknown>, locale = 'en') =>
  (await platform.operator.withHeaders({ 'accept-language': locale }).data<{ updateTenant: Payload }>(UPDATE, { slug: 'norwalk', input })).updateTenant;
const norwalkContact = async () => (await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { contact { customerServicePhone payByPhoneNumber } } }')).tenant;

it("refuses Norwalk's pay-by-phone line as its customer-service number, however written, in English and Spanish, and keeps what was there", async () => {
  const before = await norwalkContact();
  expect(before).toEqual({ contact: { customerServicePhone: '562-929-5766', payByPhoneNumber: '888-647-2502' } });
  for (const written of ['888-647-2502', '(888) 647-2502', '+1 888.647.2502']) {
    expect([written, await update({ contact: { customerServicePhone: written } })]).toEqual([
      written,
      {
        tenant: null,
        userErrors: [
          {
            field: ['input', 'contact', 'customerServicePhone'],
            code: 'INVALID',
            message: 'Customer service cannot be the pay-by-phone line: a caller who asks for a person would be put through to the automated line again.',
          },
        ],
      },
    ]);
  }
  expect((await update({ contact: { customerServicePhone: '888-647-2502' } }, 'es')).userErrors[0]!.message).toBe(
    'El servicio al cliente no puede ser la línea de pago por teléfono: a quien pida hablar con una persona se le pasaría otra vez a la línea automática.',
  );
  // Moving the pay line onto the customer-service number is the same loop.
  expect((await update({ contact: { payByPhoneNumber: '562.929.5766' } })).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'contact', 'customerServicePhone'], 'INVALID']]);
  expect(await norwalkContact()).toEqual(before);

  // Two different numbers are taken.
  expect((await update({ contact: { customerServicePhone: '562-929-5700' } })).userErrors).toEqual([]);
});

it('refuses a new city whose customer-service number is its pay-by-phone line, adding no city', async () => {
  const input = { slug: 'loopville', name: 'City of Loopville', timezone: 'America/Chicago', contact: { customerServicePhone: '405-555-0142', payByPhoneNumber: '(405) 555-0142' } };
  const { createTenant } = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
  expect(createTenant).toEqual({ tenant: null, userErrors: [expect.objectContaining({ field: ['input', 'contact', 'customerServicePhone'], code: 'INVALID' })] });
  const lookedUp = await platform.client.asTenant('loopville').request('{ tenant { slug } }');
  expect(lookedUp.errors?.[0]?.extensions?.code).toBe('TENANT_NOT_FOUND');
});

it("refuses another city's pay-by-phone line as a customer-service number, and a pay-by-phone line that is another city's customer-service number, saying whose", async () => {
  const before = await norwalkContact();
  const toNormansLine = await update({ contact: { customerServicePhone: '866-930-0284' } });
  expect(toNormansLine).toEqual({
    tenant: null,
    userErrors: [
      {
        field: ['input', 'contact', 'customerServicePhone'],
        code: 'PHONE_LINE_TAKEN',
        message: 'The number 866-930-0284 is the pay-by-phone line of another city (norman): a caller who asks for a person would be put through to its automated line.',
      },
    ],
  });
  // Norman's customer service is (405) 217-7739: as Norwalk's pay line, Norman's callers asking for a person would reach it.
  const ontoNormansService = await update({ contact: { payByPhoneNumber: '405.217.7739' } }, 'es');
  expect(ontoNormansService).toEqual({
    tenant: null,
    userErrors: [
      {
        field: ['input', 'contact', 'payByPhoneNumber'],
        code: 'PHONE_LINE_TAKEN',
        message: 'El número 405.217.7739 es el de servicio al cliente de otra ciudad (norman): quienes llamen allí y pidan hablar con una persona llegarían a esta línea automática.',
      },
    ],
  });
  expect(await norwalkContact()).toEqual(before);

  const input = { slug: 'crossville', name: 'City of Crossville', timezone: 'America/Chicago', contact: { customerServicePhone: '(888) 647-2502' } };
  const { createTenant } = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
  expect(createTenant.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'contact', 'customerServicePhone'], 'PHONE_LINE_TAKEN']]);
});
