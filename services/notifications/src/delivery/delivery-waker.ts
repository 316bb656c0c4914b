import { listeningClient } from '@platform/db';
import type { Client } from 'pg';
import type { Logger } from 'pino';

export interface DeliveryWakerOptions {
  /** A connection string for the LISTEN connection (the app role's is enough). */
  readonly listenUrl: string;
  /** Queues a delivery pass (the gateway adds the `notifications.deliver` job under one job key, so wakes collapse). */
  readonly wake: () => Promise<void>;
  /** Also wake this often: retries fall due, and a NOTIFY sent while the connection was down is lost. */
  readonly pollIntervalMs: number;
  readonly log: Logger;
  /** DATABASE_SILENCE_LIMIT_MS: how soon a LISTEN connection the database has gone silent on is given up (listening-client.ts). */
  readonly silenceLimitMs?: number;
}

export interface DeliveryWaker {
  stop(): Promise<void>;
}

/** Where enqueueNotification announces new messages once they have committed. */
export const OUTBOX_CHANNEL = 'notification_outbox';
const RECONNECT_DELAYS_MS = [100, 500, 1000, 2000, 5000];

/**
 * Wakes delivery the moment a message is queued: enqueueNotification
 * NOTIFYs once its transaction has committed, and this LISTENs and queues a pass. Wakes that arrive
 * while one is being queued are folded into it. Polling underneath catches
 * retries that fall due and anything missed while disconnected.
 */
export async function startDeliveryWaker(options: DeliveryWakerOptions): Promise<DeliveryWaker> {
  let stopped = false;
  let client: Client | null = null;
  let reconnectAttempt = 0;
  let waking: Promise<void> | null = null;
  let again = false;

  const wake = () => {
    if (stopped) return;
    if (waking) {
      again = true;
      return;
    }
    waking = options
      .wake()
      .catch((error: unknown) => options.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not queue a delivery pass'))
      .finally(() => {
        waking = null;
        if (again) {
          again = false;
          wake();
        }
      });
  };

  const connect = async (): Promise<void> => {
    const next = listeningClient({ connectionString: options.listenUrl, applicationName: 'platform-notifications-listen', silenceMs: options.silenceLimitMs });
    next.on('notification', wake);
    next.on('error', (error) => {
      options.log.warn({ error: error.message }, 'notification LISTEN connection lost');
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    client = next;
    reconnectAttempt = 0;
    // Anything queued while we were not listening.
    wake();
  };
  const scheduleReconnect = () => {
    if (stopped) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)];
    setTimeout(() => void connect().catch(() => scheduleReconnect()), delay).unref();
  };

  await connect();
  const poller = setInterval(wake, options.pollIntervalMs);
  poller.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(poller);
      await waking;
      await client?.end().catch(() => undefined);
    },
  };
}
