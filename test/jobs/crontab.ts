import { ownerUrl, withClient } from '@platform/db';
import type { TestPlatform } from '@platform/testkit';

/** The schedules a job runner on this database has started (graphile-worker records each when its cron starts), by name. */
export function knownCrontabs(platform: TestPlatform): Promise<string[]> {
  return withClient(ownerUrl(platform.settings), async (owner) =>
    (await owner.query<{ identifier: string }>('SELECT identifier FROM graphile_worker._private_known_crontabs ORDER BY identifier')).rows.map((row) => row.identifier),
  );
}
