import type { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from './with-tenant';

/**
 * Sends `NOTIFY channel, payload` once the caller's `withTenant` transaction
 * has committed, not from inside it: NOTIFY takes a database-wide lock held
 * until its transaction's commit is flushed, so inside every payment it
 * would queue them all behind one another. Here one statement at a time per
 * process carries every notification asked for meanwhile (duplicates folded),
 * and does not wait for the flush (synchronous_commit off, for that
 * statement only). A lost notification (a crash right after commit) costs
 * latency only: whoever LISTENs must also poll.
 */
export function notifyAfterCommit(manager: EntityManager, channel: string, payload: string): void {
  afterCommit(manager, () => notifierOf(manager.connection).notify(channel, payload));
}

/** notifyAfterCommit for a transaction committed outside withTenant (tenantRoundTrip): call it once the commit is done. */
export function notifyCommitted(db: DataSource, channel: string, payload: string): void {
  notifierOf(db).notify(channel, payload);
}

class Notifier {
  /** "channel\npayload" of what is yet to be sent. */
  private readonly waiting = new Set<string>();
  private sending = false;

  constructor(private readonly db: DataSource) {}

  notify(channel: string, payload: string): void {
    this.waiting.add(`${channel}\n${payload}`);
    if (this.sending) return;
    this.sending = true;
    // After the current task: what one commit's hooks ask for goes in one statement.
    queueMicrotask(() => void this.send());
  }

  private async send(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const batch = [...this.waiting].map((entry) => entry.split('\n') as [string, string]);
        this.waiting.clear();
        await this.db
          .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n (c, p)`, [batch.map(([c]) => c), batch.map(([, p]) => p)])
          .catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }
}

const notifiers = new WeakMap<DataSource, Notifier>();

function notifierOf(db: DataSource): Notifier {
  let notifier = notifiers.get(db);
  if (!notifier) notifiers.set(db, (notifier = new Notifier(db)));
  return notifier;
}
