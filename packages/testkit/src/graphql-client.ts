import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T | null | undefined;
  readonly errors: readonly { message: string; path?: readonly (string | number)[]; extensions?: { code?: string } }[] | undefined;
}

interface ClientOptions {
  readonly tenant: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A GraphQL client for tests, over real HTTP and graphql-ws. Immutable:
 * `asTenant('norman')` and `withHeaders(...)` return new clients.
 */
export class GraphQLTestClient {
  constructor(
    readonly httpUrl: string,
    private readonly options: ClientOptions = { tenant: null, headers: {} },
  ) {}

  get wsUrl(): string {
    return this.httpUrl.replace(/^http/, 'ws');
  }

  asTenant(tenant: string | null): GraphQLTestClient {
    return new GraphQLTestClient(this.httpUrl, { ...this.options, tenant });
  }

  withHeaders(headers: Record<string, string>): GraphQLTestClient {
    return new GraphQLTestClient(this.httpUrl, { ...this.options, headers: { ...this.options.headers, ...headers } });
  }

  /** POSTs one operation; returns status, data and errors as sent, without judging them. */
  async request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...this.tenantHeader(), ...this.options.headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
  }

  /** The data of an operation that must succeed; throws with the errors otherwise. */
  async data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || result.data == null) {
      throw new Error(`GraphQL failed (${result.status}): ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }

  /**
   * Opens a graphql-ws connection with this client's tenant (and authorization
   * header, if any) in `connectionParams`. Close it when done.
   */
  openSocket(): WebSocketSession {
    const authorization = this.options.headers.authorization;
    const closes: { code: number; reason: string }[] = [];
    const client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { ...(this.options.tenant !== null && { tenant: this.options.tenant }), ...(authorization && { authorization }) },
      on: { closed: (event) => closes.push({ code: (event as { code: number }).code, reason: (event as { reason: string }).reason }) },
    });
    return new WebSocketSession(client, closes);
  }

  private tenantHeader(): Record<string, string> {
    return this.options.tenant === null ? {} : { 'x-tenant': this.options.tenant };
  }
}

/** One graphql-ws connection: run operations over it, read how it closed. */
export class WebSocketSession {
  constructor(
    private readonly client: Client,
    readonly closes: readonly { code: number; reason: string }[],
  ) {}

  /** Every result of an operation (one for a query, many for a subscription), until it completes or `take` results arrived. */
  async collect<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    take = Infinity,
  ): Promise<{ data?: T | null; errors?: readonly { message: string; extensions?: { code?: string } }[] }[]> {
    const results: { data?: T | null; errors?: readonly { message: string; extensions?: { code?: string } }[] }[] = [];
    const iterator = this.client.iterate<T>({ query, variables });
    for await (const result of iterator) {
      results.push(result);
      if (results.length >= take) {
        await iterator.return?.();
        break;
      }
    }
    return results;
  }

  /** Starts a subscription; read its results one at a time with `next`. */
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): LiveSubscription<T> {
    return new LiveSubscription<T>(this.client.iterate<T>({ query, variables }));
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

export interface SubscriptionResult<T> {
  readonly data?: T | null;
  readonly errors?: readonly { message: string; extensions?: { code?: string; reason?: string } }[];
}

/** A running subscription's results as they arrive, read in order with a time limit. */
export class LiveSubscription<T> {
  private readonly buffer: SubscriptionResult<T>[] = [];
  private readonly waiters: ((result: SubscriptionResult<T> | null) => void)[] = [];
  private ended = false;

  constructor(private readonly iterator: AsyncIterableIterator<SubscriptionResult<T>>) {
    void (async () => {
      try {
        for await (const result of iterator) this.push(result);
      } catch (error) {
        // graphql-ws rejects with the operation's GraphQL errors, or with the close event of the socket.
        if (Array.isArray(error)) this.push({ errors: error as SubscriptionResult<T>['errors'] });
        else this.push({ errors: [{ message: error instanceof Error ? error.message : JSON.stringify(error) }] });
      } finally {
        this.ended = true;
        for (const waiter of this.waiters.splice(0)) waiter(null);
      }
    })();
  }

  /**
   * The next result, or null when the subscription ended; fails after `timeoutMs`. Generous by default: live
   * events wait for the cluster's oldest running transaction (read-events.ts), which another test file may hold
   * for seconds.
   */
  async next(timeoutMs = 15_000): Promise<SubscriptionResult<T> | null> {
    const ready = this.buffer.shift();
    if (ready) return ready;
    if (this.ended) return null;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no subscription result within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  /** The next `count` results' data (fails on an error or an early end). */
  async take(count: number, timeoutMs = 15_000): Promise<T[]> {
    const taken: T[] = [];
    while (taken.length < count) {
      const result = await this.next(timeoutMs);
      if (!result) throw new Error(`subscription ended after ${taken.length} of ${count} results`);
      if (result.errors?.length || !result.data) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
      taken.push(result.data);
    }
    return taken;
  }

  /**
   * The data of the next result that `matches`, passing over the others (fails on an error or an early end). For a
   * feed other tests write to as well: an event of theirs, committed while a long transaction elsewhere held the feed
   * back, can still arrive after the head a test read.
   */
  async nextWhere(matches: (data: T) => boolean, timeoutMs = 15_000): Promise<T> {
    for (;;) {
      const [data] = await this.take(1, timeoutMs);
      if (matches(data!)) return data!;
    }
  }

  /** Waits `ms` and says how many results arrived meanwhile (for "sees nothing" checks). */
  async countWithin(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.buffer.length;
  }

  async stop(): Promise<void> {
    await this.iterator.return?.();
  }

  private push(result: SubscriptionResult<T>): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(result);
    else this.buffer.push(result);
  }
}
