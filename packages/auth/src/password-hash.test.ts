import { DUMMY_PASSWORD_HASH, PASSWORD_HASH_COST, hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash';

const PASSWORD = 'correct horse battery staple';

describe('hashPassword / verifyPassword', () => {
  it('round-trips and uses the documented encoding', async () => {
    const encoded = await hashPassword(PASSWORD, PASSWORD_HASH_COST);
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword(PASSWORD, encoded)).resolves.toBe(true);
  });

  it('refuses a wrong password', async () => {
    const encoded = await hashPassword(PASSWORD, PASSWORD_HASH_COST);
    await expect(verifyPassword('correct horse battery stapler', encoded)).resolves.toBe(false);
    await expect(verifyPassword('', encoded)).resolves.toBe(false);
  });

  it('salts every hash, so the same password hashes differently', async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD, PASSWORD_HASH_COST), hashPassword(PASSWORD, PASSWORD_HASH_COST)]);
    expect(first).not.toBe(second);
    await expect(verifyPassword(PASSWORD, first)).resolves.toBe(true);
    await expect(verifyPassword(PASSWORD, second)).resolves.toBe(true);
  });

  it('matches a password however its accents are composed', async () => {
    const encoded = await hashPassword('contrase\u00f1a-segura', PASSWORD_HASH_COST);
    await expect(verifyPassword('contrasen\u0303a-segura', encoded)).resolves.toBe(true);
  });

  it('refuses a tampered hash or salt', async () => {
    const encoded = await hashPassword(PASSWORD, PASSWORD_HASH_COST);
    const parts = encoded.split('$');
    const flip = (text: string): string => (text.startsWith('A') ? 'B' : 'A') + text.slice(1);
    const tamperedHash = [...parts.slice(0, 5), flip(parts[5]!)].join('$');
    const tamperedSalt = [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join('$');
    const otherCost = ['scrypt', '16384', ...parts.slice(2)].join('$');
    await expect(verifyPassword(PASSWORD, tamperedHash)).resolves.toBe(false);
    await expect(verifyPassword(PASSWORD, tamperedSalt)).resolves.toBe(false);
    await expect(verifyPassword(PASSWORD, otherCost)).resolves.toBe(false);
  });

  const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
  const hash = 'A'.repeat(43);
  it.each([
    ['empty', ''],
    ['plain text', PASSWORD],
    ['another scheme', `bcrypt$32768$8$1$${salt}$${hash}`],
    ['too few fields', `scrypt$32768$8$1$${salt}`],
    ['too many fields', `scrypt$32768$8$1$${salt}$${hash}$x`],
    ['non-numeric cost', `scrypt$abc$8$1$${salt}$${hash}`],
    ['zero block size', `scrypt$32768$0$1$${salt}$${hash}`],
    ['leading zero', `scrypt$032768$8$1$${salt}$${hash}`],
    ['cost not a power of two', `scrypt$30000$8$1$${salt}$${hash}`],
    ['cost over the bound', `scrypt$${2 ** 21}$8$1$${salt}$${hash}`],
    ['cost over the memory cap', `scrypt$${2 ** 20}$8$1$${salt}$${hash}`],
    ['huge parallelization', `scrypt$32768$8$99999999$${salt}$${hash}`],
    ['empty salt', `scrypt$32768$8$1$$${hash}`],
    ['short salt', `scrypt$32768$8$1$AAAA$${hash}`],
    ['salt not base64url', `scrypt$32768$8$1$${salt.slice(1)}+$${hash}`],
    ['padded hash', `scrypt$32768$8$1$${salt}$${hash}=`],
    ['short hash', `scrypt$32768$8$1$${salt}$AAAA`],
  ])('returns false, never throws, for a malformed encoding: %s', async (_name, encoded) => {
    await expect(verifyPassword(PASSWORD, encoded)).resolves.toBe(false);
  });
});

describe('dummy hash', () => {
  it('is a well-formed hash at the current parameters, so it costs what a real one costs', async () => {
    const current = await hashPassword(PASSWORD, PASSWORD_HASH_COST);
    const prefix = (encoded: string): string => encoded.split('$').slice(0, 4).join('$');
    expect(prefix(DUMMY_PASSWORD_HASH)).toBe(prefix(current));
    expect(DUMMY_PASSWORD_HASH).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('always answers false, at the production cost and at a test cost', async () => {
    await expect(verifyAgainstDummy(PASSWORD, PASSWORD_HASH_COST)).resolves.toBe(false);
    await expect(verifyAgainstDummy('', PASSWORD_HASH_COST)).resolves.toBe(false);
    await expect(verifyAgainstDummy(PASSWORD, 2 ** 10)).resolves.toBe(false);
  });
});

describe('hash cost', () => {
  it('records the cost it was made at, so a hash made at a test cost verifies wherever it is read', async () => {
    const encoded = await hashPassword(PASSWORD, 2 ** 10);
    expect(encoded.split('$')[1]).toBe('1024');
    await expect(verifyPassword(PASSWORD, encoded)).resolves.toBe(true);
    await expect(verifyPassword('not it', encoded)).resolves.toBe(false);
  });

  it.each([0, 512, 3000, 2 ** 21])('refuses to make a hash at cost %d (too cheap, not a power of two, or too dear)', async (cost) => {
    await expect(hashPassword(PASSWORD, cost)).rejects.toThrow(RangeError);
  });
});
