import { localExpiryMs, localSessionEndMs, mustRefreshBeforeUse, refreshDelayMs } from './session-timing';

export interface SessionTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: string;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: string;
}

/** Who is signed in, as sign-in returned them. */
export interface SessionUser {
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly username: string | null;
  readonly roles: readonly string[];
}

export interface Session extends SessionTokens {
  readonly user: SessionUser;
  /** When the access token expires on this browser's clock (epoch ms); see localExpiryMs. */
  readonly accessTokenLocalExpiry: number;
  /** When the session ends on this browser's clock (epoch ms), unless its person asks for more time; see localSessionEndMs. */
  readonly sessionLocalEnd: number;
}

/** How the session last ended, for the sign-in page to say so. */
export type SessionEnd = 'signedOut' | 'signedOutEverywhere' | 'accountClosed' | 'ended';

/**
 * Trades a refresh token for new tokens: the new pair, 'ENDED' when the
 * server refuses it (used, expired, revoked), or a thrown error when the
 * server could not be reached (the session is kept and retried). `extend`:
 * the person asked for more time, and the session's end moves on.
 */
export type Refresher = (refreshToken: string, extend: boolean) => Promise<SessionTokens | 'ENDED'>;

const RETRY_AFTER_NETWORK_ERROR_MS = 15_000;

/**
 * The signed-in session of one app (the console, the portal) of one city in this browser: kept in
 * localStorage so a reload (or a second tab) stays signed in, refreshed
 * before the access token expires. A refresh token works once and a reused
 * one ends the whole session, so tabs refresh under a Web Lock and a tab that
 * waited adopts the pair another tab just stored instead of spending the old
 * token again.
 */
export class SessionStore {
  private session: Session | null;
  private lastEnd: SessionEnd | null = null;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<Session | null> | null = null;
  private refresher: Refresher | null = null;
  /** The last access token the server refused (see refreshRefused). */
  private refused: string | null = null;

  constructor(
    /** Which app's session: the console's and the portal's are kept apart (a resident is no staff member). */
    private readonly app: 'console' | 'portal',
    private readonly tenant: string,
    private readonly storage: Storage | null,
  ) {
    this.session = this.read();
    window.addEventListener('storage', (event) => {
      if (event.key !== this.key) return;
      this.session = this.read();
      if (!this.session) this.lastEnd = 'signedOut';
      this.schedule();
      this.notify();
    });
  }

  /** Set once the API client exists (it is built with this store). */
  useRefresher(refresher: Refresher): void {
    this.refresher = refresher;
    this.schedule();
  }

  readonly current = (): Session | null => this.session;
  readonly howItEnded = (): SessionEnd | null => this.lastEnd;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(tokens: SessionTokens, user: SessionUser): void {
    this.lastEnd = null;
    this.write(withLocalExpiry(tokens, user));
  }

  end(how: SessionEnd): void {
    this.lastEnd = how;
    this.write(null);
  }

  /**
   * The access token to send now, refreshed first when it is about to expire; null when signed out. While a refresh is
   * under way it waits for that refresh rather than hand out the token being replaced (the server may have refused it).
   */
  async accessToken(): Promise<string | null> {
    if (this.refreshing) await this.refreshing.catch(() => null);
    const session = this.session;
    if (!session) return null;
    if (!mustRefreshBeforeUse(session.accessTokenLocalExpiry, Date.now())) return session.accessToken;
    return (await this.refresh().catch(() => null))?.accessToken ?? null;
  }

  /**
   * The server refused the access token this store hands out, before it expires here: its session was ended (sign-out
   * elsewhere, a role change, access removed) or the clocks disagree. Refreshes once per refused token: the server
   * answers new tokens, or ENDED, which ends the session (the sign-in page says so). A refresh that could not reach the
   * server is tried again at the next refusal.
   */
  refreshRefused(): void {
    const token = this.session?.accessToken;
    if (!token || token === this.refused) return;
    this.refused = token;
    this.refresh().catch(() => {
      if (this.refused === token) this.refused = null;
    });
  }

  /** Refreshes now (one refresh at a time per browser). */
  refresh(): Promise<Session | null> {
    this.refreshing ??= this.withLock(() => this.refreshOnce(false)).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * The person asked for more time as their session nears its end: refreshes with the session's end moved a whole
   * lifetime on (every tab of theirs sees the new end). After a refresh already under way, never merged with it: that
   * one moves nothing.
   */
  async extend(): Promise<Session | null> {
    if (this.refreshing) await this.refreshing.catch(() => null);
    const extending = this.withLock(() => this.refreshOnce(true)).finally(() => {
      if (this.refreshing === extending) this.refreshing = null;
    });
    this.refreshing = extending;
    return extending;
  }

  private async refreshOnce(extend: boolean): Promise<Session | null> {
    const stored = this.read();
    if (!stored || !this.refresher) return stored;
    // Another tab refreshed while this one waited for the lock: take its pair rather than spend the old token again.
    if (stored.refreshToken !== this.session?.refreshToken) {
      this.session = stored;
      this.schedule();
      this.notify();
      if (!extend) return stored;
    }
    const tokens = await this.refresher(stored.refreshToken, extend);
    if (tokens === 'ENDED') {
      this.end('ended');
      return null;
    }
    const next = withLocalExpiry(tokens, stored.user);
    this.write(next);
    return next;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.session || !this.refresher) return;
    const delay = refreshDelayMs(this.session.accessTokenLocalExpiry, Date.now());
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.schedule(), RETRY_AFTER_NETWORK_ERROR_MS);
      });
    }, delay);
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request(`${this.key}.refresh`, fn) as Promise<T>) : fn();
  }

  private get key(): string {
    return `web.${this.app}.session.${this.tenant}`;
  }

  private read(): Session | null {
    const raw = this.storage?.getItem(this.key);
    if (!raw) return null;
    try {
      const session = JSON.parse(raw) as Session;
      if (typeof session.accessTokenLocalExpiry !== 'number' || Date.parse(session.refreshTokenExpiresAt) <= Date.now()) return null;
      // Kept by a page from before sessions ended on this browser's clock: the server's time.
      return typeof session.sessionLocalEnd === 'number' ? session : { ...session, sessionLocalEnd: Date.parse(session.refreshTokenExpiresAt) };
    } catch {
      return null;
    }
  }

  private write(session: Session | null): void {
    this.session = session;
    if (session) this.storage?.setItem(this.key, JSON.stringify(session));
    else this.storage?.removeItem(this.key);
    this.schedule();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function withLocalExpiry(tokens: SessionTokens, user: SessionUser): Session {
  const { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt } = tokens;
  const receivedAt = Date.now();
  return {
    accessToken,
    accessTokenExpiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    user,
    accessTokenLocalExpiry: localExpiryMs(accessToken, accessTokenExpiresAt, receivedAt),
    sessionLocalEnd: localSessionEndMs(accessToken, refreshTokenExpiresAt, receivedAt),
  };
}
