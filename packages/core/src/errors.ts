/**
 * Codes for failures that are not the caller's to fix in a form field: they
 * become `extensions.code` on a top-level GraphQL error in one formatter.
 * Anything a person can fix is a `UserError` value in a payload instead.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  TENANT_REQUIRED = 'TENANT_REQUIRED',
  TENANT_NOT_FOUND = 'TENANT_NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL = 'INTERNAL_SERVER_ERROR',
}

/**
 * A coded failure, thrown for authentication, permission, not-found and bugs.
 * The message is already in the request's language (the thrower has the
 * context); the gateway's formatter passes it through with the code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra facts for the client, sent as `extensions` (e.g. `retryAfterSeconds`). */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
