import type { UserError } from '@platform/core';
import type { CustomerErrorCode } from './customer.errors';

export type CustomerUserError = UserError<CustomerErrorCode>;

/** A customers operation's outcome: a value, or what the person must fix. */
export type CustomerResult<T> = { ok: true; value: T } | { ok: false; userErrors: CustomerUserError[] };
