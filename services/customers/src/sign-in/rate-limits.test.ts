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
});

describe('accountLimitSubject', () => {
  it("counts a known account under its sign-in name, or its user's id where that holds a card number", () => {
    expect(accountLimitSubject('pat_payer', USER)).toBe('pat_payer');
    expect(accountLimitSubject('4111111111111111@example.com', USER)).toBe(`user:${USER}`);
  });
});
