import { request as httpRequest } from 'node:http';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const TENANT_QUERY = `{ tenant { slug name timezone department locales defaultLocale signInIdentifier
  contact { customerServicePhone payByPhoneNumber supportHours { days opens closes } officeAddress { line1 city region } }
  paymentRules { acceptedCardBrands echeckAccepted verificationMode payableKinds
    convenienceFee { kind description } maxPaymentAmount { amount formatted }
    posting { cutoffLocalTime lagDays description } }
  autopayRules { deductionDay methodsAllowedOnline }
  disconnectionRules { daysPastDue minimumPastDueAmount { amount } } } }`;

describe('tenant query', () => {
  it("serves Norwalk's public configuration from the seeds", async () => {
    const { tenant } = await platform.client.asTenant('norwalk').data(TENANT_QUERY);
    expect(tenant).toMatchObject({
      slug: 'norwalk',
      name: 'City of Norwalk',
      department: 'Water Billing Division',
      timezone: 'America/Los_Angeles',
      locales: ['EN', 'ES'],
      signInIdentifier: 'EMAIL',
      contact: { customerServicePhone: '562-929-5766', payByPhoneNumber: '888-647-2502' },
      paymentRules: {
        acceptedCardBrands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'],
        echeckAccepted: true,
        verificationMode: 'ACCOUNT_NUMBER',
        convenienceFee: { kind: 'NONE', description: 'No convenience fee.' },
        posting: {
          cutoffLocalTime: '00:00',
          lagDays: 1,
          description: 'Payments made before midnight (Pacific Time) post to your account the next day; payments made after midnight post within 48 hours.',
        },
      },
      autopayRules: { methodsAllowedOnline: ['CARD'] },
    });
  });

  it("serves Norman's, with its second verification factor, citations and office", async () => {
    const { tenant } = await platform.client.asTenant('norman').data(TENANT_QUERY);
    expect(tenant).toMatchObject({
      name: 'City of Norman',
      timezone: 'America/Chicago',
      locales: ['EN'],
      signInIdentifier: 'USERNAME',
      contact: {
        customerServicePhone: '(405) 217-7739',
        payByPhoneNumber: '(866) 930-0284',
        supportHours: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '17:00' }],
        officeAddress: { line1: '225 N. Webster Ave.', city: 'Norman', region: 'OK' },
      },
      paymentRules: { verificationMode: 'ACCOUNT_NUMBER_AND_LAST_PAYMENT', payableKinds: ['UTILITY_BILL', 'CITATION', 'OTHER'] },
      autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] },
    });
  });

  it('resolves the tenant from the host name when there is no header', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const url = new URL(platform.client.httpUrl);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { host: `norman.localhost:${url.port}`, 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: '{ tenant { name } }' }));
    });
    expect(JSON.parse(body)).toEqual({ data: { tenant: { name: 'City of Norman' } } });
  });

  it('refuses an unknown tenant with TENANT_NOT_FOUND instead of defaulting', async () => {
    const result = await platform.client.asTenant('gotham').request('{ tenant { name } }');
    expect(result.status).toBe(404);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([{ message: 'No city called "gotham" uses this service.', extensions: { code: 'TENANT_NOT_FOUND' } }]);
  });

  it('refuses a malformed tenant slug the same way', async () => {
    for (const slug of ['Norwalk!', '../etc', '-x-', 'a'.repeat(80), '']) {
      const result = await platform.client.asTenant(slug).request('{ tenant { name } }');
      expect([slug, result.status, result.errors?.[0]?.extensions?.code]).toEqual([slug, 404, 'TENANT_NOT_FOUND']);
    }
  });

  it('asks for a tenant when a tenant-scoped field is queried without one', async () => {
    const result = await platform.client.request('{ tenant { name } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('TENANT_REQUIRED');
    expect(result.data).toBeNull();
  });
});

describe('languages', () => {
  it('answers a Spanish request at Norwalk in Spanish', async () => {
    const { tenant } = await platform.client
      .asTenant('norwalk')
      .withHeaders({ 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' })
      .data<{ tenant: { paymentRules: { posting: { description: string }; convenienceFee: { description: string } } } }>(TENANT_QUERY);
    expect(tenant.paymentRules.posting.description).toBe(
      'Los pagos hechos antes de la medianoche (hora del Pacífico) se aplican a su cuenta al día siguiente; los pagos hechos después se aplican dentro de 48 horas.',
    );
    expect(tenant.paymentRules.convenienceFee.description).toBe('Sin cargo por conveniencia.');
  });

  it('gives Spanish error messages to a Spanish request', async () => {
    const result = await platform.client.asTenant('gotham').withHeaders({ 'accept-language': 'es' }).request('{ tenant { name } }');
    expect(result.errors?.[0]?.message).toBe('Ninguna ciudad llamada "gotham" usa este servicio.');
  });

  it('gives Norwalk’s department in Spanish beside its default, for the page to show in its language; Norman gives none', async () => {
    const DEPARTMENT = '{ tenant { department departmentByLocale { locale text } } }';
    expect(await platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' }).data(DEPARTMENT)).toEqual({
      tenant: { department: 'Water Billing Division', departmentByLocale: [{ locale: 'ES', text: 'División de Facturación de Agua' }] },
    });
    expect(await platform.client.asTenant('norman').data(DEPARTMENT)).toEqual({ tenant: { department: 'Utility Billing', departmentByLocale: [] } });
  });

  it("limits the language to the tenant's: Norman speaks English only", async () => {
    const { tenant } = await platform.client.asTenant('norman').withHeaders({ 'accept-language': 'es' }).data<{ tenant: { paymentRules: { convenienceFee: { description: string } } } }>(TENANT_QUERY);
    expect(tenant.paymentRules.convenienceFee.description).toBe('No convenience fee.');
  });
});
