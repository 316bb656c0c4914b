/** How sessions are signed and how long they last; from configuration, fixed for the process. */
export interface SessionSettings {
  /** HMAC key for access tokens (HS256); at least 32 bytes in production. */
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}
