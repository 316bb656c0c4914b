import { withTenant } from '@platform/db';
import type { EventHub } from '@platform/events';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { probe, startProbeHub, writeProbes } from './probe-events';

/*
 * A subscriber that follows a city live (no cursor) gets what happens from
 * then on, even when the first subscriber of that city on this instance
 * left at once (a page closed right after subscribing): the hub had kept the
 * city's latest cursor then, read nothing more of the city with nobody
 * following it, and handed the next live subscriber, as new, every event
 * written meanwhile (past 1,000 of them, it closed every such subscriber as
 * too slow).
 *
 * The horizon (read-events.ts) is the whole cluster's oldest running
 * transaction: another test file's open transaction can hold events 1-5 back,
 * and a live follower starting then is rightly handed them once they are
 * final (it cannot tell them from later commits of lower cursors). So the
 * test lets them become final first; only a stale cursor then hands them over.
 */

let platform: TestPlatform;
let hub: EventHub;
beforeAll(async () => {
  platform = await startTestPlatform();
  hub = await startProbeHub(platform);
});
afterAll(async () => {
  await hub.stop();
  await platform.close();
});

/** Waits until the city's last probe event is below the horizon, so a live follower starts after it. */
async function untilFinal(tenantId: string) {
  const [written] = await withTenant({ db: platform.db, tenant: { id: tenantId } }, (manager) =>
    manager.query<{ cursor: string }[]>("SELECT max(cursor)::text AS cursor FROM events WHERE type = 'probe.written'"),
  );
  const deadline = Date.now() + 20_000;
  while ((await hub.latestCursor(tenantId, [{ typePrefix: 'probe.' }])) !== hub.cursors.seal(tenantId, BigInt(written!.cursor))) {
    if (Date.now() > deadline) throw new Error('the probe events did not become final');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('gives a live follower only new events after an earlier follower of the city left while it was starting', async () => {
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norman'");
  const tenantId = tenant!.id;
  // Subscribes and is gone at once (a socket closed right after subscribing).
  const first = hub.follow(tenantId, { from: 'NOW', typePrefixes: ['probe.'], onOverflow: () => undefined });
  await first.return!();
  await new Promise((resolve) => setTimeout(resolve, 300));

  // Events written while nobody follows the city here.
  for (let n = 1; n <= 5; n++) await writeProbes(platform, tenantId, [n]);
  await untilFinal(tenantId);

  // A new live-only follower: it should see only what happens from now on.
  const live = hub.follow(tenantId, { from: 'NOW', typePrefixes: ['probe.'], onOverflow: () => undefined });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await writeProbes(platform, tenantId, [6]);
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
