import type { TenantRef } from '@platform/api';
import type { Clock } from '@platform/core';
import { endedSessionIds } from '@platform/customers';
import type { EventHub } from '@platform/events';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** Close code for a socket whose session ended (logout, password change, revocation): sign in again; graphql-ws clients do not retry it. */
export const CLOSE_SESSION_ENDED = 4401;

/** Sessions asked about in one query by the periodic re-check. */
const RECHECK_BATCH = 500;

type SessionEntry = { readonly tenant: TenantRef; readonly closers: Set<() => void> };

export interface SessionSocketsOptions {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly log: Logger;
  /** How often every open socket's session is looked up again (ms); 0 turns the re-check off. */
  readonly recheckIntervalMs: number;
}

/**
 * This instance's signed-in WebSockets, by the session they authenticated
 * with. A session that ends anywhere closes its sockets here within moments:
 * the customers service's trigger NOTIFYs `session_ended` in the transaction
 * that ends it, and the event hub's LISTEN connection passes it on. A
 * notification sent while that connection was down is lost, so a periodic
 * batched re-check closes whatever it missed.
 */
export class SessionSockets {
  private readonly sessions = new Map<string, SessionEntry>();
  private stopListening: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rechecking: Promise<void> | null = null;

  constructor(private readonly options: SessionSocketsOptions) {}

  start(hub: EventHub): void {
    this.stopListening = hub.onSessionEnded((_tenantId, sessionId) => this.end(sessionId));
    if (this.options.recheckIntervalMs > 0) {
      this.timer = setInterval(() => void this.recheck(), this.options.recheckIntervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    if (this.timer) clearInterval(this.timer);
    await this.rechecking;
  }

  /** Registers an open socket's `close` under its session; returns the function that forgets it (call it when the socket closes). */
  add(tenant: TenantRef, sessionId: string, close: () => void): () => void {
    const entry: SessionEntry = this.sessions.get(sessionId) ?? { tenant, closers: new Set() };
    this.sessions.set(sessionId, entry);
    entry.closers.add(close);
    return () => {
      entry.closers.delete(close);
      if (entry.closers.size === 0 && this.sessions.get(sessionId) === entry) this.sessions.delete(sessionId);
    };
  }

  private end(sessionId: string): void {
    const entry = this.sessions.get(sessionId);
    if (!entry) return;
    this.sessions.delete(sessionId);
    for (const close of entry.closers) close();
  }

  /** Looks every open socket's session up again: one query per city and batch of sessions, never one per socket. */
  recheck(): Promise<void> {
    this.rechecking ??= this.closeEndedSessions().finally(() => (this.rechecking = null));
    return this.rechecking;
  }

  private async closeEndedSessions(): Promise<void> {
    const byTenant = new Map<string, { tenant: TenantRef; ids: string[] }>();
    for (const [sessionId, { tenant }] of this.sessions) {
      const group = byTenant.get(tenant.id) ?? { tenant, ids: [] };
      group.ids.push(sessionId);
      byTenant.set(tenant.id, group);
    }
    try {
      for (const { tenant, ids } of byTenant.values()) {
        for (let i = 0; i < ids.length; i += RECHECK_BATCH) {
          const ended = await endedSessionIds(this.options.db, tenant, ids.slice(i, i + RECHECK_BATCH), this.options.clock.now());
          for (const sessionId of ended) this.end(sessionId);
        }
      }
    } catch (error) {
      // The database may be briefly away; the next round tries again.
      this.options.log.warn({ err: error }, 'could not re-check WebSocket sessions');
    }
  }
}
