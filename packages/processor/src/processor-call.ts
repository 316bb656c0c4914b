import { Agent as HttpAgent, request as httpRequest, type Agent, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
  /** The endpoint's pool of kept-alive connections (keepAliveAgentFor). */
  readonly agent: Agent;
}

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
 * Node's own HTTP client, not fetch: a charge through fetch (undici in Node
 * 20) cost about three times the CPU of one through node:http with a
 * kept-alive connection (measured against the sandbox: ~1.8 ms against
 * ~0.6 ms per charge, client and sandbox together), and an autopay run makes
 * 100,000 of them. An idle connection is closed after IDLE_SOCKET_MS, before
 * a server's usual keep-alive timeout (Node's: 5 s) closes it under a request
 * sent on it: a POST lost that way would be a charge in doubt.
 */
const IDLE_SOCKET_MS = 4_000;

export function keepAliveAgentFor(baseUrl: string): Agent {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  return new URL(baseUrl).protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
}

export async function callProcessor<T>(endpoint: ProcessorEndpoint, request: ProcessorRequest, schema: z.ZodType<T>): Promise<ProcessorResult<T>> {
  let answer: { status: number; text: string };
  try {
    answer = await roundTrip(endpoint, request);
  } catch (error) {
    return noAnswer(error, endpoint.timeoutMs);
  }
  const { status, text } = answer;
  const body = parseJson(text);

  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { outcome: 'OK', value: parsed.data };
    return { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: `The processor answered ${status} with a body that could not be read.` };
  }
  if (status >= 400 && status < 500) {
    const error = errorWire.safeParse(body).data?.error;
    const message = scrub(error?.message ?? `The processor refused the request (${status}).`, endpoint.secretKey);
    if (status === 402) {
      const code = error?.code && DECLINE_CODES.has(error.code) ? (error.code as DeclineCode) : 'GENERIC_DECLINE';
      return { outcome: 'DECLINED', code, message };
    }
    return { outcome: 'REJECTED', code: error?.code ?? `http_${status}`, message };
  }
  // A redirect too: it is never followed, since following it could send a charge somewhere else.
  return { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: `The processor answered ${status}.` };
}

/** Thrown when the whole exchange, reading the answer included, outlasts the endpoint's timeout. */
class ProcessorTimeout extends Error {
  override readonly name = 'TimeoutError';
}

/** One request and its whole answer; the timeout covers reading the body too: a processor that stalls mid-answer has not answered. */
function roundTrip(endpoint: ProcessorEndpoint, request: ProcessorRequest): Promise<{ status: number; text: string }> {
  const url = new URL(`${endpoint.baseUrl}${request.path}`);
  const body = request.body ? JSON.stringify(request.body) : undefined;
  const headers: OutgoingHttpHeaders = {
    Accept: 'application/json',
    Authorization: `Bearer ${endpoint.secretKey}`,
    ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
    ...(request.idempotencyKey ? { 'Idempotency-Key': request.idempotencyKey } : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: request.method, headers, agent: endpoint.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
      res.on('aborted', () => fail(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' })));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new ProcessorTimeout());
    }, endpoint.timeoutMs);
    // Whatever a destroyed exchange reports next (an abort, a reset), it ended because time ran out.
    function fail(error: Error) {
      clearTimeout(timer);
      req.destroy();
      reject(timedOut ? new ProcessorTimeout() : error);
    }
    req.on('error', fail);
    req.end(body);
  });
}

function noAnswer(error: unknown, timeoutMs: number): ProcessorResult<never> {
  // Read by shape, not instanceof: errors from Node's realm are not the caller's under Jest.
  if (property(error, 'name') === 'TimeoutError') {
    return { outcome: 'UNKNOWN', reason: 'TIMEOUT', message: `The processor did not answer within ${timeoutMs} ms.` };
  }
  // Only the system code (ECONNREFUSED, ECONNRESET, ...): Node's messages carry the address, and a URL can carry a token.
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
