import type { EventHub } from '@platform/events';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { probe, startProbeHub, writeProbes } from './probe-events';

/*
 * A burst is handed to a city's followers page by page (500 events), each
 * page once they have taken most of the last. A follower taking them slowly
 * (a loaded gateway resolves each event's fields slowly) but steadily is not
 * too slow: the next page waits for it. It was cut off (4410) when it had not
 * taken the page within 2 s, as a clean-clone CI run on a loaded machine
 * showed: a board taking 91 events of 1,100 in that time was closed.
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

it('keeps a follower that takes a burst slowly but steadily, and hands it every event once, in order', async () => {
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  const tenantId = tenant!.id;
  let overflowed = false;
  const follower = hub.follow(tenantId, { from: 'NOW', typePrefixes: ['probe.'], onOverflow: () => (overflowed = true) });
  // Registered and live before the burst commits.
  await new Promise((resolve) => setTimeout(resolve, 300));

  await writeProbes(
    platform,
    tenantId,
    Array.from({ length: 1100 }, (_, i) => i + 1),
  );

  // One event every 40 ms for 3 s (fewer than 100 taken when the second page's 2 s are up), then as fast as it can.
  const got: number[] = [];
  const slowUntil = Date.now() + 3000;
  while (got.length < 1100 && !overflowed) {
    const next = await Promise.race([follower.next(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
    if (next === null || next.done) break;
    got.push(probe.read(next.value).n);
    if (Date.now() < slowUntil) await new Promise((resolve) => setTimeout(resolve, 40));
  }
  await follower.return!();
  expect({ overflowed, taken: got.length }).toEqual({ overflowed: false, taken: 1100 });
  expect(got).toEqual(Array.from({ length: 1100 }, (_, i) => i + 1));
}, 40_000);
