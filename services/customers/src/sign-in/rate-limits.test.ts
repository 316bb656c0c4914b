import { accountLimitSubject, typedLimitSubject } from './rate-limits';

const USER = 'b9f3c0de-0000-4000-8000-000000000001';

describe('typedLimitSubject', () => {
  it('counts an identifier as typed (normalised), so the same account typed another way shares its limit', () => {
    expect(typedLimitSubject('pat@example.com')).toBe('pat@example.com');
    // Digit groups passing Luhn that no network issues are an address's own.
    expect(typedLimitSubject('pat-1985-0412-0000-7319@example.com')).toBe('pat-1985-0412-0000-7319@example.com');
  });

  // A bucket key is an unsalted SHA-256 of its subject: text holding a card number never is one, account or not.
  it('counts text holding a card number under no identifier at all', () => {
    expect(typedLimitSubject('4111 1111 1111 1111')).toBeNull();
    expect(typedLimitSubject('4111111111111111@example.com')).toBeNull();
  });

  // Scanned, a million digit groups held the gateway's thread for seconds, on every request, before its limits counted it.
  it('counts text longer than any identifier under no identifier, without scanning it', () => {
    const started = performance.now();
    expect(typedLimitSubject('1 '.repeat(1_000_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
    expect(typedLimitSubject(`${'p'.repeat(242)}@example.com`)).toBe(`${'p'.repeat(242)}@example.com`);
  });
});

describe('accountLimitSubject', () => {
  it("counts a known account under its sign-in name, or its user's id where that holds a card number", () => {
    expect(accountLimitSubject('pat_payer', USER)).toBe('pat_payer');
    expect(accountLimitSubject('4111111111111111@example.com', USER)).toBe(`user:${USER}`);
  });
});
