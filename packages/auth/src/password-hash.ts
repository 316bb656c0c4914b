import { randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are stored as scrypt hashes in a self-describing string,
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>`, so the cost can be raised later without
 * breaking the hashes already stored: each one is verified with its own parameters.
 */
/**
 * The scrypt cost (N) of new hashes in production: about 70 ms a hash on this
 * machine kind. Callers pass the cost they were configured with; only tests
 * pass a lower one (see MIN_COST), so hundreds of sign-ins do not take minutes.
 */
export const PASSWORD_HASH_COST = 2 ** 15;
/** The lowest cost `hashPassword` accepts; 2^10 is what the tests use. */
const MIN_COST = 2 ** 10;
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** 128 * N * r bytes is 32 MiB at the current cost; the default 32 MiB cap would refuse it. */
const MAX_MEMORY = 64 * 1024 * 1024;

/** Bounds on parameters read back from storage, so a corrupt row cannot ask for hours of work. */
const MAX_COST = 2 ** 20;
const MAX_BLOCK_SIZE = 64;
const MAX_PARALLELIZATION = 16;
const MIN_KEY_LENGTH = 16;
const MAX_KEY_LENGTH = 64;

const SCHEME = 'scrypt';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,7}$/;

interface ScryptParameters {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

interface ParsedHash extends ScryptParameters {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** `crypto.scrypt` as a promise; written out because `promisify` loses the options overload. */
function scryptAsync(password: BinaryLike, salt: BinaryLike, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

/**
 * NFC first, so the same password typed on two keyboards that compose accents
 * differently ("é" as one code point or as "e" plus a combining mark) still matches.
 */
function derive(password: string, salt: Buffer, keyLength: number, parameters: ScryptParameters): Promise<Buffer> {
  return scryptAsync(password.normalize('NFC'), salt, keyLength, {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelization,
    maxmem: MAX_MEMORY,
  });
}

/** A new hash of `password` at scrypt cost `cost` (a power of two, PASSWORD_HASH_COST in production). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  if (cost < MIN_COST || cost > MAX_COST || (cost & (cost - 1)) !== 0) throw new RangeError(`password hash cost must be a power of two from ${MIN_COST} to ${MAX_COST}, not ${cost}`);
  const salt = randomBytes(SALT_LENGTH);
  const parameters = { cost, blockSize: BLOCK_SIZE, parallelization: PARALLELIZATION };
  const hash = await derive(password, salt, KEY_LENGTH, parameters);
  return [SCHEME, cost, BLOCK_SIZE, PARALLELIZATION, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * True only when `password` matches `encoded`. Anything malformed (wrong scheme,
 * bad numbers, out-of-range cost, bad base64url) is simply false: a stored hash
 * is never trusted to be well formed, and a login must not turn into a 500.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  let candidate: Buffer;
  try {
    candidate = await derive(password, parsed.salt, parsed.hash.length, parsed);
  } catch {
    // Parameters that pass the bounds but still exceed the memory cap.
    return false;
  }
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6) return null;
  const [scheme, costText, blockSizeText, parallelizationText, saltText, hashText] = parts;
  if (scheme !== SCHEME) return null;
  const cost = parseBoundedInteger(costText, MAX_COST);
  const blockSize = parseBoundedInteger(blockSizeText, MAX_BLOCK_SIZE);
  const parallelization = parseBoundedInteger(parallelizationText, MAX_PARALLELIZATION);
  if (cost === null || blockSize === null || parallelization === null) return null;
  // scrypt requires N to be a power of two greater than 1.
  if (cost < 2 || (cost & (cost - 1)) !== 0) return null;
  const salt = decodeBase64url(saltText);
  const hash = decodeBase64url(hashText);
  if (!salt || salt.length < SALT_LENGTH || !hash || hash.length < MIN_KEY_LENGTH || hash.length > MAX_KEY_LENGTH) return null;
  return { cost, blockSize, parallelization, salt, hash };
}

function parseBoundedInteger(text: string | undefined, max: number): number | null {
  if (text === undefined || !POSITIVE_INTEGER.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** Node's decoder skips characters it does not know; require the text to round-trip instead. */
function decodeBase64url(text: string | undefined): Buffer | null {
  if (text === undefined || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/**
 * A valid hash, at the production parameters, of a random password that was
 * thrown away when it was made. A login for an unknown email verifies against
 * it so it takes as long as a login with a wrong password, and the response
 * time does not say which emails have accounts. It is a literal rather than
 * computed at start-up so even the first such login costs one scrypt, not two;
 * a test keeps its parameters in step with `hashPassword` at PASSWORD_HASH_COST.
 */
export const DUMMY_PASSWORD_HASH = 'scrypt$32768$8$1$9XL5rcg_KkD0zrjag1mJtA$69t-OZ9cpQlitiEXNeQO646HSC_oT4CR_TEoLgctH4g';

/** Dummy hashes at other costs (tests'), made once each: cheap at those costs. */
const dummiesByCost = new Map<number, Promise<string>>([[PASSWORD_HASH_COST, Promise.resolve(DUMMY_PASSWORD_HASH)]]);

/** A hash at `cost` of a password nobody knows, to verify unknown users against. */
function dummyPasswordHash(cost: number): Promise<string> {
  let dummy = dummiesByCost.get(cost);
  if (!dummy) {
    dummy = hashPassword(randomBytes(SALT_LENGTH).toString('base64url'), cost);
    dummiesByCost.set(cost, dummy);
  }
  return dummy;
}

/** Spends one real verification's time at `cost` (the cost real users' hashes are made at) and always answers false. */
export async function verifyAgainstDummy(password: string, cost: number): Promise<false> {
  await verifyPassword(password, await dummyPasswordHash(cost));
  return false;
}
