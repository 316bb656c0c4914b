import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordBankReturns } from './events';
import { idempotencyKeyOf, requestFingerprint, runIdempotently } from './idempotency';
import { failure, invalid, type Reply } from './reply';
import { matchRoute } from './routes';
import { createSandboxState, type Clock, type SandboxState } from './sandbox-state';

export interface SandboxProcessorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Decides token expiry checks, charge dates, same-day voids and e-check settlement; pass the platform's clock in tests. */
  readonly clock?: Clock;
  /** The key every call but tokenization must send as `Authorization: Bearer <key>`. */
  readonly secretKey: string;
  /** How long after it is made an e-check settles or is returned; default 2 days. */
  readonly settlementDelaySeconds?: number;
  /**
   * How long after it settled an e-check from an account that returns after settling (R10) comes back; default ten
   * times the settlement delay (20 days), inside the 60 days an unauthorized-debit return may take.
   */
  readonly lateReturnDelaySeconds?: number;
  /** Real milliseconds the magic amounts 1313 and 1314 hold their answer back; default 30 s. */
  readonly hangMs?: number;
  /** The HTTP Basic credentials the telephony provider sends to the generic pay connector; default the development pair below. */
  readonly payConnector?: PayConnectorCredentials;
}

export interface PayConnectorCredentials {
  readonly username: string;
  readonly password: string;
}

/** What `pnpm start` configures in a development provider account; a real deployment sets its own. */
export const DEV_PAY_CONNECTOR_CREDENTIALS: PayConnectorCredentials = { username: 'sandbox_pay_connector', password: 'pay_connector_dev_change_me' };

export interface RunningSandboxProcessor {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41235; endpoints live under /v1. */
  readonly url: string;
  /** Stops listening, drops open connections and answers still held back, and forgets everything. */
  close(): Promise<void>;
}

const DEFAULT_SETTLEMENT_DELAY_SECONDS = 2 * 24 * 60 * 60;
const LATE_RETURN_DELAYS_PER_SETTLEMENT = 10;
const DEFAULT_HANG_MS = 30_000;
const MAX_BODY_BYTES = 64 * 1024;

/** Only tokenization is called from browser pages (the hosted form). */
const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' };
const CORS_PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

/** Starts a sandbox payment processor on its own HTTP server; all its state lives in memory. */
export async function startSandboxProcessor(options: SandboxProcessorOptions): Promise<RunningSandboxProcessor> {
  if (!options.secretKey) throw new Error('startSandboxProcessor needs a secretKey');
  const settlementDelaySeconds = options.settlementDelaySeconds ?? DEFAULT_SETTLEMENT_DELAY_SECONDS;
  const state = createSandboxState({
    clock: options.clock ?? { now: () => new Date() },
    settlementDelayMs: settlementDelaySeconds * 1000,
    lateReturnDelayMs: (options.lateReturnDelaySeconds ?? LATE_RETURN_DELAYS_PER_SETTLEMENT * settlementDelaySeconds) * 1000,
    hangMs: options.hangMs ?? DEFAULT_HANG_MS,
  });
  const credentials: Credentials = {
    secretKey: sha256(options.secretKey),
    payConnector: basicCredentialsDigest(options.payConnector ?? DEV_PAY_CONNECTOR_CREDENTIALS),
  };
  const heldAnswers = new Set<() => void>();
  let closing = false;

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        heldAnswers.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      heldAnswers.add(release);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const { reply, cors } = await answer(state, req, credentials).catch(() => ({
        reply: failure(500, 'api_error', 'internal_error', 'The sandbox failed to handle this request.'),
        cors: false,
      }));
      if (reply.delayMs) await hold(reply.delayMs);
      if (!closing) send(res, reply, cors);
    })();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${urlHost(host)}:${port}`,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections();
      for (const release of [...heldAnswers]) release();
      await closed;
    },
  };
}

/** SHA-256 digests of what callers must present, compared in constant time. */
interface Credentials {
  readonly secretKey: Buffer;
  readonly payConnector: Buffer;
}

async function answer(state: SandboxState, req: IncomingMessage, credentials: Credentials): Promise<{ reply: Reply; cors: boolean }> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const cors = url.pathname === '/v1/tokens';
  if (cors && method === 'OPTIONS') return { reply: { status: 204, body: null, headers: CORS_PREFLIGHT_HEADERS }, cors };

  const match = matchRoute(method, url.pathname);
  if (!('route' in match)) {
    const reply = match.methodMismatch
      ? failure(405, 'invalid_request_error', 'method_not_allowed', `${method} is not allowed on this path.`)
      : failure(404, 'invalid_request_error', 'route_not_found', 'No such endpoint.');
    return { reply, cors };
  }
  const { route, params } = match;
  recordBankReturns(state);
  const shape = route.errorShape ?? ((reply: Reply) => reply);
  if (route.access === 'secret' && !bearerAuthorized(req.headers.authorization, credentials.secretKey)) {
    const reply = failure(401, 'authentication_error', 'invalid_api_key', 'Send the secret key as Authorization: Bearer <key>.');
    return { reply: { ...reply, headers: { 'WWW-Authenticate': 'Bearer' } }, cors };
  }
  if (route.access === 'connector' && !basicAuthorized(req.headers.authorization, credentials.payConnector)) {
    const reply = failure(401, 'authentication_error', 'invalid_credentials', 'Send the pay connector username and password with HTTP Basic authentication.');
    return { reply: shape({ ...reply, headers: { 'WWW-Authenticate': 'Basic realm="pay-connector", charset="UTF-8"' } }), cors };
  }
  const body = route.method === 'POST' ? await readJsonBody(req) : { value: undefined };
  if ('reply' in body) return { reply: shape(body.reply), cors };
  const request = {
    body: body.value,
    query: url.searchParams,
    param: (name: string) => params.get(name) ?? '',
  };
  if (!route.idempotent) return { reply: route.handle(state, request), cors };

  const key = idempotencyKeyOf(req.headers['idempotency-key']);
  if ('reply' in key) return { reply: key.reply, cors };
  const fingerprint = requestFingerprint(method, url.pathname, body.value);
  return { reply: runIdempotently(state.idempotentReplies, key.value, fingerprint, () => route.handle(state, request, key.value)), cors };
}

/** The parsed JSON body; an empty body counts as `{}`. */
async function readJsonBody(req: IncomingMessage): Promise<{ value: unknown } | { reply: Reply }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { reply: failure(413, 'invalid_request_error', 'request_too_large', `Request bodies are at most ${MAX_BODY_BYTES} bytes.`) };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return { value: {} };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { reply: invalid('invalid_json', 'The body is not valid JSON.') };
  }
}

function bearerAuthorized(header: string | undefined, secretKeyDigest: Buffer): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  return presented !== undefined && timingSafeEqual(sha256(presented), secretKeyDigest);
}

function basicAuthorized(header: string | undefined, credentialsDigest: Buffer): boolean {
  const encoded = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header ?? '')?.[1];
  return encoded !== undefined && timingSafeEqual(sha256(Buffer.from(encoded, 'base64').toString('utf8')), credentialsDigest);
}

function basicCredentialsDigest({ username, password }: PayConnectorCredentials): Buffer {
  if (!username || username.includes(':') || !password) throw new Error('The pay connector needs a username without ":" and a password');
  return sha256(`${username}:${password}`);
}

function send(res: ServerResponse, reply: Reply, cors: boolean): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...(cors ? CORS_HEADERS : {}), ...reply.headers };
  if (reply.status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  if (reply.page !== undefined) {
    res.writeHead(reply.status, headers).end(reply.page);
    return;
  }
  res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The host clients should dial: a wildcard address is reached on loopback, and IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
