/*
 * What a sandbox handler answers, as a value: handlers stay synchronous and
 * testable, and the server writes replies in one place.
 */

export interface Reply {
  readonly status: number;
  /** Serialized as JSON; amounts inside are already strings of cents. */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Real milliseconds to hold the answer back (the magic timeout amounts). */
  readonly delayMs?: number;
}

/** A request part read from the body: its value, or the reply refusing it. */
export type Parsed<T> = { readonly value: T } | { readonly reply: Reply };

export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'idempotency_error' | 'card_declined' | 'bank_account_declined' | 'api_error';

interface ErrorBody {
  readonly error: {
    readonly type: ErrorType;
    readonly code: string;
    readonly message: string;
    /** The request field at fault, when there is one. */
    readonly field: string | null;
  };
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

export function failure(status: number, type: ErrorType, code: string, message: string, field: string | null = null): Reply {
  const body: ErrorBody = { error: { type, code, message, field } };
  return { status, body };
}

export function invalid(code: string, message: string, field: string | null = null): Reply {
  return failure(400, 'invalid_request_error', code, message, field);
}

export function notFound(code: string, message: string): Reply {
  return failure(404, 'invalid_request_error', code, message);
}

export function conflict(code: string, message: string): Reply {
  return failure(409, 'invalid_request_error', code, message);
}

/** 402: the card network or the bank said no; nothing was charged. */
export function declined(kind: 'CARD' | 'BANK_ACCOUNT', decline: { readonly code: string; readonly message: string }): Reply {
  return failure(402, kind === 'CARD' ? 'card_declined' : 'bank_account_declined', decline.code, decline.message);
}
