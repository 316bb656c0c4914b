import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A password as PostgreSQL stores it for SCRAM-SHA-256 authentication
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802 and
 * 7677), made here so that the statement that sets a role's password carries
 * the verifier, never the password: a server that logs statements (or a
 * failed one) would otherwise write the password to its log. PostgreSQL
 * recognises a verifier given as a password and stores it as it is.
 * The password is taken as its UTF-8 bytes, as node-postgres' own SCRAM
 * client takes it (no SASLprep, which only changes passwords with
 * non-ASCII spaces or compatibility characters).
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
