import { appUrl, withTenant } from '@platform/db';
import { appendEvent, EventHub, type EventKind } from '@platform/events';
import { createLogger } from '@platform/gateway';
import { TEST_SESSION_SETTINGS, type TestPlatform } from '@platform/testkit';

/** An event kind of the tests' own, numbered, for driving an EventHub directly. */
export const probe: EventKind<{ n: number }> = {
  typePrefix: 'probe.',
  typeOf: () => 'probe.written',
  encode: (payload) => payload,
  includes: (event) => event.type === 'probe.written',
  read: (event) => event.payload as { n: number },
};

/** A started hub of the platform's own database, polling every 200 ms besides its notifications. */
export async function startProbeHub(platform: TestPlatform): Promise<EventHub> {
  const hub = new EventHub({ db: platform.db, listenUrl: appUrl(platform.settings), cursorSecret: TEST_SESSION_SETTINGS.secret, log: createLogger('silent'), pollIntervalMs: 200 });
  await hub.start();
  return hub;
}

/** Commits the probe events numbered `ns` in one transaction of the city. */
export async function writeProbes(platform: TestPlatform, tenantId: string, ns: readonly number[]): Promise<void> {
  await withTenant({ db: platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query('SELECT 1');
    for (const n of ns) appendEvent(manager, tenantId, probe, { subjectId: tenantId, payload: { n }, occurredAt: new Date() });
  });
}
