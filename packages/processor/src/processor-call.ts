import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import type { DeclineCode, ProcessorResult } from './payment-processor';
import { errorWire } from './processor-wire';

/*
 * One HTTP round trip to the processor, reduced to an outcome. The rule that
 * matters: only an answer the processor actually gave is OK, DECLINED or
 * REJECTED; a timeout, a dropped connection, a 5xx or an answer we cannot
 * read is UNKNOWN, because the charge may exist anyway.
 */

export interface ProcessorEndpoint {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly secretKey: string;
  readonly timeoutMs: number;
  /** Keeps connections to the processor open between calls (processorAgent): no TCP or TLS handshake per charge. */
  readonly agent: http.Agent;
}

/**
 * The keep-alive agent for a processor at `baseUrl`: one per adapter, so its
 * sockets serve every call it makes. An idle socket is closed after 2 s (or
 * sooner, when the processor announces a shorter keep-alive), well before a
 * server gives up on it: reusing a socket the server is closing at that very
 * moment is the one way keep-alive loses a request (see exchange).
 */
export function processorAgent(baseUrl: string): http.Agent {
  return new (baseUrl.startsWith('https:') ? https.Agent : http.Agent)({ keepAlive: true, timeout: IDLE_SOCKET_MS });
}

const IDLE_SOCKET_MS = 2000;

export interface ProcessorRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Under the base URL, variable segments already encoded. */
  readonly path: string;
  /** Sent as JSON; amounts in it are already strings of cents. */
  readonly body?: object;
  readonly idempotencyKey?: string;
}

const DECLINE_CODES: ReadonlySet<string> = new Set<DeclineCode>(['GENERIC_DECLINE', 'INSUFFICIENT_FUNDS', 'EXPIRED_CARD', 'PROCESSING_ERROR', 'INVALID_ACCOUNT']);

/**
 * 4xx answers about the caller, not the request: our key (401, 403) or our
 * pace (429). They say nothing of what an earlier attempt under the same key
 * did, so they are no answer, as a 5xx is: a payment stays in doubt, and
 * reconciliation never reads one as "no charge was made".
 */
const REFUSED_CALLER: ReadonlySet<number> = new Set([401, 403, 429]);

export async function callProcessor<T>(endpoint: ProcessorEndpoint, request: ProcessorRequest, schema: z.ZodType<T>): Promise<ProcessorResult<T>> {
  let status: number;
  let text: string;
  try {
    ({ status, text } = await exchange(endpoint, request));
  } catch (error) {
    return noAnswer(error, endpoint.timeoutMs);
  }
  const body = parseJson(text);

  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { outcome: 'OK', value: parsed.data };
    return { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: `The processor answered ${status} with a body that could not be read.` };
  }
  if (status >= 400 && status < 500) {
    const error = errorWire.safeParse(body).data?.error;
    const message = scrub(error?.message ?? `The processor refused the request (${status}).`, endpoint.secretKey);
    if (REFUSED_CALLER.has(status)) return { outcome: 'UNKNOWN', reason: 'REFUSED', message };
    if (status === 402) {
      const code = error?.code && DECLINE_CODES.has(error.code) ? (error.code as DeclineCode) : 'GENERIC_DECLINE';
      return { outcome: 'DECLINED', code, message };
    }
    return { outcome: 'REJECTED', code: error?.code ?? `http_${status}`, message };
  }
  return { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: `The processor answered ${status}.` };
}

/**
 * An answer about something else than what was asked (another key's charge, another amount, another charge's refund)
 * is read as no answer, as an unreadable one is: a processor's mix-up must never be booked as the money asked for.
 */
export function answerAbout<T>(result: ProcessorResult<T>, isAbout: (value: T) => boolean): ProcessorResult<T> {
  if (result.outcome !== 'OK' || isAbout(result.value)) return result;
  return { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: 'The processor answered about another charge, key or amount than the one asked about.' };
}

/**
 * The request and the whole answer, on node:http rather than fetch: the
 * same exchange at a fraction of the CPU (no web streams, no abort signal per
 * call), which a gateway pays twice per payment. A redirect is returned as
 * it is, never followed (following it could send a charge somewhere else).
 * The timer covers reading the body too: a processor that stalls mid-answer
 * has not answered.
 */
function exchange(endpoint: ProcessorEndpoint, request: ProcessorRequest, retried = false): Promise<{ status: number; text: string }> {
  const body = request.body ? JSON.stringify(request.body) : undefined;
  const url = new URL(`${endpoint.baseUrl}${request.path}`);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const call = transport.request(
      url,
      {
        method: request.method,
        agent: endpoint.agent,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${endpoint.secretKey}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
          ...(request.idempotencyKey ? { 'Idempotency-Key': request.idempotencyKey } : {}),
        },
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => settle(() => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
        response.on('error', (error) => settle(() => reject(error)));
        // A connection dropped mid-answer ends the response without 'end'.
        response.on('close', () => settle(() => reject(Object.assign(new Error('the processor closed the connection mid-answer'), { code: 'ECONNRESET' }))));
      },
    );
    const timer = setTimeout(() => {
      const timeout = Object.assign(new Error(`no answer within ${endpoint.timeoutMs} ms`), { name: 'TimeoutError' });
      settle(() => reject(timeout));
      call.destroy(timeout);
    }, endpoint.timeoutMs);
    call.on('error', (error) => {
      // A kept-alive socket the server closed as it was reused: the server never read this request (Node's documented
      // race), so it goes once more on a fresh socket. Safe whatever the call: the processor dedupes charges, refunds and
      // voids by their Idempotency-Key, and the rest only read or are idempotent.
      const stale = call.reusedSocket && !answered && !retried && property(error, 'code') === 'ECONNRESET';
      settle(() => {
        if (stale) exchange(endpoint, request, true).then(resolve, reject);
        else reject(error);
      });
    });
    call.end(body);
  });
}

function noAnswer(error: unknown, timeoutMs: number): ProcessorResult<never> {
  // Read by shape, not instanceof: Node's errors come from its own realm, which is not the caller's under Jest.
  if (property(error, 'name') === 'TimeoutError') {
    return { outcome: 'UNKNOWN', reason: 'TIMEOUT', message: `The processor did not answer within ${timeoutMs} ms.` };
  }
  // Only the system code (ECONNREFUSED, ECONNRESET, ...): error messages can carry the URL, and a URL can carry a token.
  const code = property(error, 'code');
  const detail = typeof code === 'string' ? ` (${code})` : '';
  return { outcome: 'UNKNOWN', reason: 'NETWORK', message: `The processor could not be reached${detail}.` };
}

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as { [key: string]: unknown })[name] : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Processors' messages get stored and logged by callers; some real ones echo
 * the token they were given ("No such token: tok_..."), so token ids and the
 * key are cut out before a message leaves this module.
 */
function scrub(message: string, secretKey: string): string {
  return message
    .split(secretKey)
    .join('[secret key]')
    .replace(/\btok_[A-Za-z0-9]+/g, 'tok_[redacted]');
}
