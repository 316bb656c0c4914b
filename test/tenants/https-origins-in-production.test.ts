import { systemClock } from '@platform/core';
import { createTenant, updateTenant, type TenantsSettings } from '@platform/tenants';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

// A city's allowedOrigins took http:// origins in production: a page there is served in clear, so anyone on the path
// rewrites it into one that calls the city's API as a resident signed in on it would. In production (the gateway's
// tenants settings say so) every origin a city lists must be https; outside it, a front end on a development server
// (http://localhost:8080) is still allowed.

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const PRODUCTION: TenantsSettings = { platformHosts: [], httpsOriginsOnly: true };
const DEVELOPMENT: TenantsSettings = { platformHosts: [], httpsOriginsOnly: false };
const ctx = () => ({ db: platform.db, clock: systemClock, locale: 'en' as const, clientIp: '203.0.113.5' });
const problems = (result: Awaited<ReturnType<typeof updateTenant>>) => (result.ok ? [] : result.userErrors.map((e) => [e.field.join('.'), e.code, e.message]));

it('refuses an http origin in production, at its entry, saying it must be https; takes https ones', async () => {
  const refused = await updateTenant(ctx(), PRODUCTION, 'norwalk', { allowedOrigins: ['https://pay.norwalk.example', 'http://pay.norwalk.example', 'http://localhost:8080'] }, 'test');
  expect(problems(refused)).toEqual([
    ['input.allowedOrigins.1', 'INVALID', 'In production an allowed origin must be https:// (a page served over http can be rewritten by anyone on the way).'],
    ['input.allowedOrigins.2', 'INVALID', 'In production an allowed origin must be https:// (a page served over http can be rewritten by anyone on the way).'],
  ]);
  const created = await createTenant(
    ctx(),
    PRODUCTION,
    { slug: 'springfield', settings: { name: 'City of Springfield', timezone: 'America/Chicago', allowedOrigins: ['http://pay.springfield.example'] } },
    'test',
  );
  expect(problems(created)).toEqual([['input.allowedOrigins.0', 'INVALID', expect.stringContaining('https://')]]);

  const saved = await updateTenant(ctx(), PRODUCTION, 'norwalk', { allowedOrigins: ['https://pay.norwalk.example'] }, 'test');
  expect(saved.ok && saved.value.settings.allowedOrigins).toEqual(['https://pay.norwalk.example']);
});

it('takes an http origin outside production, for a front end on a development server', async () => {
  const saved = await updateTenant(ctx(), DEVELOPMENT, 'norman', { allowedOrigins: ['http://localhost:8080'] }, 'test');
  expect(problems(saved)).toEqual([]);
});
