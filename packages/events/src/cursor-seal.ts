import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';

/*
 * Why clients get event cursors sealed. A cursor inside the platform is the
 * writing transaction's id times 2^64 plus a global sequence (append-event.ts):
 * both count every city's writes, so a city's staff, or a guest following
 * their own payment, reading cursors over a day would learn how busy the
 * whole platform, and so the other cities, are. Clients only hand a cursor
 * back, so each city is given its cursors encrypted under a key of its own:
 * one AES block (a cursor is below 2^128), the same cursor always the same
 * text (a client may tell events apart by it), and a tag, so that a cursor of
 * another city, or one made up, is refused rather than read as some other
 * place in the feed. Sealed cursors say nothing of order: the feed keeps it.
 */

const BLOCK_BYTES = 16;
const TAG_BYTES = 8;
const SEALED = /^[A-Za-z0-9_-]{32}$/;
const MAX_CURSOR = 2n ** 128n - 1n;

interface CityKeys {
  readonly encrypt: Cipher;
  readonly decrypt: Decipher;
  readonly tagKey: Buffer;
}

/** Seals and opens one platform's event cursors, with a key per city derived from `secret` (shared by every gateway instance). */
export class EventCursorSeal {
  private readonly keys = new Map<string, CityKeys>();

  constructor(private readonly secret: Uint8Array) {}

  /** The cursor as the city's clients see it. */
  seal(tenantId: string, cursor: bigint): string {
    if (cursor < 0n || cursor > MAX_CURSOR) throw new Error(`event cursor ${cursor} is out of range`);
    const keys = this.keysOf(tenantId);
    const block = Buffer.from(cursor.toString(16).padStart(BLOCK_BYTES * 2, '0'), 'hex');
    const sealed = keys.encrypt.update(block);
    return Buffer.concat([sealed, tagOf(keys, sealed)]).toString('base64url');
  }

  /** The cursor a city's client handed back, or null when it is not one sealed for this city. */
  open(tenantId: string, text: string): bigint | null {
    if (!SEALED.test(text)) return null;
    const bytes = Buffer.from(text, 'base64url');
    const sealed = bytes.subarray(0, BLOCK_BYTES);
    const keys = this.keysOf(tenantId);
    if (!timingSafeEqual(bytes.subarray(BLOCK_BYTES), tagOf(keys, sealed))) return null;
    return BigInt(`0x${keys.decrypt.update(sealed).toString('hex')}`);
  }

  /**
   * One AES-256 cipher each way per city, kept: in ECB mode without padding each 16-byte block is encrypted on its
   * own, so one cipher serves every cursor (ECB's weakness, equal blocks sealing equal, is what is wanted here).
   */
  private keysOf(tenantId: string): CityKeys {
    let keys = this.keys.get(tenantId);
    if (!keys) {
      const cipherKey = derive(this.secret, `event-cursor-cipher:${tenantId}`);
      const encrypt = createCipheriv('aes-256-ecb', cipherKey, null).setAutoPadding(false);
      const decrypt = createDecipheriv('aes-256-ecb', cipherKey, null).setAutoPadding(false);
      keys = { encrypt, decrypt, tagKey: derive(this.secret, `event-cursor-tag:${tenantId}`) };
      this.keys.set(tenantId, keys);
    }
    return keys;
  }
}

const derive = (secret: Uint8Array, label: string): Buffer => createHmac('sha256', secret).update(label).digest();

const tagOf = (keys: CityKeys, sealed: Buffer): Buffer => createHmac('sha256', keys.tagKey).update(sealed).digest().subarray(0, TAG_BYTES);
