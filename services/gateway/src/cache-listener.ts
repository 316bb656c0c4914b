import { listeningClient } from '@platform/db';
import type { Client } from 'pg';
import type { Logger } from 'pino';

const RECONNECT_DELAYS_MS = [100, 500, 1000, 2000, 5000];

/** What a cache kept by the gateway needs to hear: what changed, and when it may have missed something. */
export interface CacheInvalidation {
  /** The NOTIFY channel its source table's trigger uses. */
  readonly channel: string;
  /** Listening (again): the cache may be used, starting empty. */
  readonly resume: () => void;
  /** Not listening: a notification could be missed, so stop using the cache until resume. */
  readonly suspend: () => void;
  /** A notification on the channel, with its payload. */
  readonly changed: (payload: string) => void;
}

/**
 * One LISTEN connection per gateway instance for its in-memory caches (the
 * city registry, open sessions). A cache is used only while this connection
 * is up: when it drops, every cache is suspended at once, and resumed empty
 * once LISTEN is back, so no change made meanwhile is served stale.
 */
export class CacheListener {
  private client: Client | null = null;
  private stopped = false;
  private attempt = 0;

  constructor(
    private readonly listenUrl: string,
    private readonly caches: readonly CacheInvalidation[],
    private readonly log: Logger,
    /** DATABASE_SILENCE_LIMIT_MS (listening-client.ts): a silent connection must not leave the caches trusted. */
    private readonly silenceLimitMs?: number,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cache of this.caches) cache.suspend();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = listeningClient({ connectionString: this.listenUrl, applicationName: 'platform-caches', silenceMs: this.silenceLimitMs });
    client.on('notification', (message) => {
      for (const cache of this.caches) if (cache.channel === message.channel) cache.changed(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    if (this.stopped) {
      await client.end();
      return;
    }
    await client.query(this.caches.map((cache) => `LISTEN ${cache.channel}`).join('; '));
    this.client = client;
    this.attempt = 0;
    for (const cache of this.caches) cache.resume();
  }

  private lost(broken: Client, error: Error | null): void {
    if (this.stopped || this.client !== broken) return;
    this.client = null;
    for (const cache of this.caches) cache.suspend();
    broken.removeAllListeners();
    broken.on('error', () => undefined);
    void broken.end().catch(() => undefined);
    this.log.warn({ error: error?.message ?? null }, 'cache listener connection lost; caches off until it is back');
    this.reconnect();
  }

  private reconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((failure: unknown) => {
        this.log.warn({ error: failure instanceof Error ? failure.message : String(failure), retryInMs: delay }, 'cache listener could not reconnect');
        this.reconnect();
      });
    }, delay).unref();
  }
}
