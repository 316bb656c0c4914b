import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { startDatabaseRelay, type DatabaseRelay } from './database-relay';
import { killLeftoverProcesses, startGatewayProcess, type PlatformProcess } from './platform-process';

/*
 * The database stops answering without refusing anything: a network
 * partition, a host that froze, a failover whose old address now drops
 * packets. This is the outage a cloud deployment sees most. The README says
 * a database outage is answered with HTTP 503 and Retry-After, and /readyz
 * says "not ready" so the load balancer stops sending: here the gateway (the
 * built `pnpm start`, its database reached through a TCP relay this test can
 * freeze) must answer 503 once a statement has heard nothing for
 * DATABASE_SILENCE_LIMIT_MS (3 s here), and /readyz within its own 2 s.
 */

let platform: TestPlatform;
let relay: DatabaseRelay;
let gateway: PlatformProcess;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: true });
  relay = await startDatabaseRelay(platform.settings.adminUrl);
  gateway = await startGatewayProcess(platform, { DATABASE_URL: relay.through(platform.settings.adminUrl), JOBS_ENABLED: 'false', DATABASE_SILENCE_LIMIT_MS: '3000' });
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await relay?.close();
  await platform?.close();
});

/** Status of a request, or 'no answer' after `ms`. */
async function statusWithin(url: string, init: RequestInit, ms: number): Promise<number | 'no answer'> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
    await response.text();
    return response.status;
  } catch {
    return 'no answer';
  }
}

it('a database that stops answering: /readyz and a request that needs the database answer 503 within seconds, not never', async () => {
  const base = gateway.url!.replace(/\/graphql$/, '');
  const lookup = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' },
    body: JSON.stringify({ query: 'mutation L($n: String!) { lookupAccount(input: { accountNumber: $n }) { account { maskedName } } }', variables: { n: '10-1002-00' } }),
  };
  expect(await statusWithin(`${base}/readyz`, {}, 10_000)).toBe(200);
  expect(await statusWithin(gateway.url!, lookup, 10_000)).toBe(200);

  relay.freeze();
  // /healthz is the process alone.
  expect(await statusWithin(`${base}/healthz`, {}, 5_000)).toBe(200);
  // A load balancer's probe waits a few seconds at most: /readyz answers within its 2 s; the request after its 3 s of
  // silence (waited for here with room to spare on a loaded machine).
  const [ready, request] = await Promise.all([statusWithin(`${base}/readyz`, {}, 4_000), statusWithin(gateway.url!, lookup, 12_000)]);
  expect({ ready, request }).toEqual({ ready: 503, request: 503 });
  // Requests after it wait no longer: each pooled connection the relay froze is cut as it stays silent.
  expect(await statusWithin(gateway.url!, lookup, 12_000)).toBe(503);
}, 90_000);
