import { createHash, createHmac } from 'node:crypto';
import { failure, invalid, type Parsed, type Reply } from './reply';

/*
 * Idempotency-Key handling, as real processors do it: the first request with
 * a key runs; a retry of the same request gets the first answer back; the key
 * on a different request is refused. Keys are unique across all endpoints of
 * one sandbox (a charge's key cannot also name a refund).
 *
 * Only answers of requests that ran are kept: successes and declines (a
 * decline is the bank's answer and must not turn into a charge on retry).
 * Refusals such as a bad field or an unknown charge changed nothing, so the
 * key stays free for the corrected request.
 */

export interface StoredReply {
  /** A digest of method, path and canonical body: the request, without keeping its contents. */
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

const MAX_KEY_LENGTH = 255;

export function idempotencyKeyOf(header: string | string[] | undefined): Parsed<string> {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) return { reply: invalid('idempotency_key_required', 'This request needs an Idempotency-Key header.') };
  if (key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    return { reply: invalid('idempotency_key_invalid', `An Idempotency-Key is 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces.`) };
  }
  return { value: key };
}

/**
 * SHA-256 of the request; keyed (HMAC with `salt`) when the body holds a card
 * or account number, because a plain hash of a card number can be reversed
 * by trying every number of its brand.
 */
export function requestFingerprint(method: string, path: string, body: unknown, salt?: Buffer): string {
  const hash = salt ? createHmac('sha256', salt) : createHash('sha256');
  return hash.update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * Serialized per key by construction: the look-up, `execute` and the record
 * run in one synchronous turn of the event loop, so concurrent requests with
 * one key each see the record of the one before. `execute` must stay
 * synchronous; an await inside would need a per-key lock.
 */
export function runIdempotently(replies: Map<string, StoredReply>, key: string, fingerprint: string, execute: () => Reply): Reply {
  const stored = replies.get(key);
  if (stored) {
    if (stored.fingerprint !== fingerprint) {
      return failure(409, 'idempotency_error', 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
    }
    // The retry created nothing, so a first 201 Created comes back as 200.
    return { status: stored.status === 201 ? 200 : stored.status, body: stored.body, headers: { 'Idempotent-Replayed': 'true' } };
  }
  const reply = execute();
  if ((reply.status >= 200 && reply.status < 300) || reply.status === 402) {
    replies.set(key, { fingerprint, status: reply.status, body: reply.body });
  }
  return reply;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
