/** How sessions are signed and how long they last, and what a password hash costs; from configuration, fixed for the process. */
export interface SessionSettings {
  /** scrypt cost (N) of new password hashes: PASSWORD_HASH_COST from @platform/auth except in tests. */
  readonly passwordHashCost: number;
  /** HMAC key for access tokens (HS256); at least 32 bytes in production. */
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}
