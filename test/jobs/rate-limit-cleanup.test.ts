import { FixedClock } from '@platform/testkit';
import { platformForFile } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';

/*
 * rate_limit_buckets kept a row for every address, account, card and identifier ever tried, for ever: a city under
 * a card-testing botnet grew it by millions of rows a week, every one past its window and counting nothing. The hourly
 * customers.rate-limit-cleanup job now deletes buckets whose window ended, city by city under row-level security, in
 * batches (more than one batch here), and leaves every window still open, and the marks of addresses that proved an
 * account (half a year), as they were. Run again, it deletes nothing more.
 */
const clock = new FixedClock(new Date('2026-06-01T12:00:00Z'));
const env = platformForFile({ clock, jobs: true });

const insertBuckets = (slug: string, prefix: string, count: number, windowEndsAt: string) =>
  tenantRows(
    env.platform,
    slug,
    `INSERT INTO rate_limit_buckets (tenant_id, bucket_key, hits, refused, window_ends_at)
     SELECT current_setting('app.tenant_id')::uuid, $1 || n, 3, 0, $2::timestamptz FROM generate_series(1, $3) AS n`,
    [prefix, windowEndsAt, count],
  );
const keysLeft = async (slug: string) => (await tenantRows<{ bucket_key: string }>(env.platform, slug, 'SELECT bucket_key FROM rate_limit_buckets ORDER BY bucket_key')).map((r) => r.bucket_key);

it('deletes every ended window in every city, in batches, and leaves open ones; a second run deletes nothing', async () => {
  await insertBuckets('norwalk', 'ended:', 2500, '2026-06-01T11:59:59Z');
  await insertBuckets('norwalk', 'ends-now:', 1, '2026-06-01T12:00:00Z');
  await insertBuckets('norwalk', 'open:', 2, '2026-06-01T12:15:00Z');
  await insertBuckets('norman', 'ended:', 3, '2026-05-31T00:00:00Z');
  await insertBuckets('norman', 'proved-from:', 1, '2026-11-28T12:00:00Z');

  await env.platform.runJob('customers.rate-limit-cleanup', {}, { timeoutMs: 60_000 });
  expect(await keysLeft('norwalk')).toEqual(['open:1', 'open:2']);
  expect(await keysLeft('norman')).toEqual(['proved-from:1']);

  await env.platform.runJob('customers.rate-limit-cleanup', {}, { timeoutMs: 60_000 });
  expect(await keysLeft('norwalk')).toEqual(['open:1', 'open:2']);
  expect(await keysLeft('norman')).toEqual(['proved-from:1']);
});

it('deletes the windows that have ended since, at the next run', async () => {
  clock.advance(20 * 60_000);
  await env.platform.runJob('customers.rate-limit-cleanup', {}, { timeoutMs: 60_000 });
  expect(await keysLeft('norwalk')).toEqual([]);
});
