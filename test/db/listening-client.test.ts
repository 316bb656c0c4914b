import { appUrl, listeningClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import type { Notification } from 'pg';
import { startDatabaseRelay, type DatabaseRelay } from '../processes/database-relay';

/*
 * The gateway's caches (cities, open sessions), its live events and the delivery waker each hold a LISTEN connection.
 * A failover that leaves the old primary's address dropping packets closes nothing: an idle LISTEN connection owes no
 * answer, so it would stay open and deaf for good, and a gateway would go on trusting its session cache while the
 * sessions ended meanwhile were never heard of. A listening client asks the database every silence limit and is cut
 * when it says nothing for as long, so its owner reconnects (on the 'error' it already reconnects on).
 */

let platform: TestPlatform;
let relay: DatabaseRelay;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
  relay = await startDatabaseRelay(appUrl(platform.settings));
});
afterAll(async () => {
  await relay?.close();
  await platform?.close();
});

function nextError(client: ReturnType<typeof listeningClient>): Promise<Error> {
  return new Promise((resolve) => client.once('error', resolve));
}

it('hears notifications, and fails once the database has gone silent for its silence limit, though it owes no answer', async () => {
  const client = listeningClient({ connectionString: relay.through(appUrl(platform.settings)), applicationName: 'test-listen', silenceMs: 500 });
  const failed = nextError(client);
  await client.connect();
  await client.query('LISTEN test_channel');
  const heard = new Promise<string | undefined>((resolve) => client.once('notification', (message: Notification) => resolve(message.payload)));
  await platform.db.query("SELECT pg_notify('test_channel', 'hello')");
  expect(await heard).toBe('hello');

  // Idle, and healthy: a few heartbeats pass without an error.
  const early = await Promise.race([failed.then(() => 'failed'), new Promise((resolve) => setTimeout(() => resolve('still listening'), 1_500))]);
  expect(early).toBe('still listening');

  const cut = nextError(client);
  relay.failover();
  // Within the test's time, not "for good".
  expect((await cut).message).toBe('the database said nothing for 500 ms');
  await client.end().catch(() => undefined);
}, 30_000);
