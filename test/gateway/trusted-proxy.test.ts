import { startTestPlatform, type TestPlatform } from '@platform/testkit';

let behindProxy: TestPlatform;
beforeAll(async () => {
  behindProxy = await startTestPlatform({ trustProxy: true });
});
afterAll(() => behindProxy.close());

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  it('the city comes from X-Forwarded-Host when the request names none itself', async () => {
    const viaProxy = behindProxy.client.withHeaders({ 'x-forwarded-host': 'norman.pay.example.gov' });
    expect(await viaProxy.data('{ tenant { name } }')).toEqual({ tenant: { name: 'City of Norman' } });
    // An explicit x-tenant header still wins.
    expect(await viaProxy.asTenant('norwalk').data('{ tenant { name } }')).toEqual({ tenant: { name: 'City of Norwalk' } });
  });
});
