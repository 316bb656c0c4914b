import { appUrl, withTenant } from '@platform/db';
import { appendEvent, EventHub, type EventKind } from '@platform/events';
import { createLogger } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * A subscriber that follows a city live (no cursor) gets what happens from
 * then on, even when the first subscriber of that city on this instance
 * left at once (a page closed right after subscribing): the hub had kept the
 * city's latest cursor then, read nothing more of the city with nobody
 * following it, and handed the next live subscriber, as new, every event
 * written meanwhile (past 1,000 of them, it closed every such subscriber as
 * too slow).
 */

const probe: EventKind<{ n: number }> = {
  typePrefix: 'probe.',
  typeOf: () => 'probe.written',
  encode: (payload) => payload,
  includes: (event) => event.type === 'probe.written',
  read: (event) => event.payload as { n: number },
};

let platform: TestPlatform;
let hub: EventHub;
beforeAll(async () => {
  platform = await startTestPlatform();
  hub = new EventHub({ db: platform.db, listenUrl: appUrl(platform.settings), log: createLogger('silent'), pollIntervalMs: 200 });
  await hub.start();
});
afterAll(async () => {
  await hub.stop();
  await platform.close();
});

async function write(tenantId: string, n: number) {
  await withTenant({ db: platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query('SELECT 1');
    appendEvent(manager, tenantId, probe, { subjectId: tenantId, payload: { n }, occurredAt: new Date() });
  });
}

it('gives a live follower only new events after an earlier follower of the city left while it was starting', async () => {
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norman'");
  const tenantId = tenant!.id;
  // Subscribes and is gone at once (a socket closed right after subscribing).
  const first = hub.follow(tenantId, { after: null, typePrefixes: ['probe.'], onOverflow: () => undefined });
  await first.return!();
  await new Promise((resolve) => setTimeout(resolve, 300));

  // Events written while nobody follows the city here.
  for (let n = 1; n <= 5; n++) await write(tenantId, n);
  await new Promise((resolve) => setTimeout(resolve, 500));

  // A new live-only follower: it should see only what happens from now on.
  const live = hub.follow(tenantId, { after: null, typePrefixes: ['probe.'], onOverflow: () => undefined });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await write(tenantId, 6);
  // Until half a second passes with nothing more after the first event (a loaded machine may take longer to deliver it).
  const got: number[] = [];
  const deadline = Date.now() + 5000;
  let pending = live.next();
  while (Date.now() < deadline) {
    const next = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))]);
    if (next === null && got.length > 0) break;
    if (next === null) continue;
    if (next.done) break;
    got.push(probe.read(next.value).n);
    pending = live.next();
  }
  await live.return!();
  expect(got).toEqual([6]);
});
