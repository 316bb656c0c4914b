import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 24;
// Bytes at or above 248 (62 * 4) are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248;

export type IdPrefix = 'tok' | 'ch' | 're' | 'cus' | 'pm' | 'evt' | 'dp';

/**
 * `tok_` plus 24 random base62 characters (about 143 bits): a token id is the
 * only thing a browser needs to spend a card, so it must be unguessable; the
 * other ids share the format.
 */
export function randomId(prefix: IdPrefix): string {
  let id = '';
  while (id.length < ID_LENGTH) {
    for (const byte of randomBytes(ID_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      id += BASE62[byte % 62];
      if (id.length === ID_LENGTH) break;
    }
  }
  return `${prefix}_${id}`;
}
