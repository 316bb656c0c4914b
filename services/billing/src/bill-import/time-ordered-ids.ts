import { randomBytes } from 'node:crypto';

/**
 * `count` new UUIDs of version 7 (RFC 9562), in increasing order: the
 * current millisecond, random bits shared by the batch, and a counter in the
 * last 32 bits that starts at a random value below 2^31 and counts up by one
 * per id (the RFC's "fixed-length dedicated counter").
 *
 * A bill import names its new payables and ledger entries here rather than
 * with the database's uuidv7(): on the server, where the import spends its
 * time, each call costs microseconds, about a tenth of the import's insert.
 * In increasing order they fill each index's last page, as the database's
 * would.
 */
export function timeOrderedUuids(count: number, now: number = Date.now()): string[] {
  if (!Number.isSafeInteger(count) || count < 0 || count > 2 ** 31) throw new RangeError(`cannot make ${count} ordered ids`);
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 24)}`;
  const start = bytes.readUInt32BE(12) & 0x7fffffff;
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = prefix + (start + i).toString(16).padStart(8, '0');
  return ids;
}
