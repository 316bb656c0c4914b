import { COMMON_PASSWORDS } from './common-passwords';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkPasswordStrength } from './password-policy';

describe('checkPasswordStrength', () => {
  it('accepts a long, uncommon password', () => {
    expect(checkPasswordStrength('meter-reading-on-tuesday', [])).toBeNull();
    expect(checkPasswordStrength('Tr0mbone-Kettle', ['ana@example.com', 'Ana Ruiz'])).toBeNull();
  });

  it('sets the documented limits', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('refuses fewer than 10 characters and accepts exactly 10', () => {
    expect(checkPasswordStrength('k7#mQ2vL9', [])).toBe('TOO_SHORT');
    expect(checkPasswordStrength('', [])).toBe('TOO_SHORT');
    expect(checkPasswordStrength('k7#mQ2vL9x', [])).toBeNull();
  });

  it('refuses more than 128 characters and accepts exactly 128', () => {
    const base = 'river-stone-lamp-'.repeat(8);
    expect(checkPasswordStrength(base.slice(0, 128), [])).toBeNull();
    expect(checkPasswordStrength(base.slice(0, 129), [])).toBe('TOO_LONG');
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    // Five emoji are ten UTF-16 units but five characters.
    expect(checkPasswordStrength('🔑🏠🌧🔥🚰', [])).toBe('TOO_SHORT');
    expect(checkPasswordStrength('🔑🏠🌧🔥🚰💡📮🧾🔌🌊', [])).toBeNull();
    expect(checkPasswordStrength('ñandú-río-λ', [])).toBeNull();
    // 128 emoji are 256 UTF-16 units but within the limit.
    const emoji = ['🔑', '🏠', '🌧', '🔥', '🚰', '💡', '📮', '🧾'];
    const long = Array.from({ length: 128 }, (_, i) => emoji[i % emoji.length]).join('');
    expect(checkPasswordStrength(long, [])).toBeNull();
    expect(checkPasswordStrength(`${long}🔑`, [])).toBe('TOO_LONG');
  });

  it.each(['password123', 'PASSWORD123', 'Password1234', 'qwertyuiop', 'iloveyou12', 'letmein123', 'Welcome123', 'admin12345', 'passw0rd123', '123456789012'])(
    'refuses the common password %s',
    (password) => {
      expect(checkPasswordStrength(password, [])).toBe('TOO_COMMON');
    },
  );

  it.each(['aaaaaaaaaa', 'ZZZZZZZZZZZZ', '7777777777', '..........', 'ééééééééééé'])('refuses one repeated character: %s', (password) => {
    expect(checkPasswordStrength(password, [])).toBe('TOO_COMMON');
  });

  it.each(['1234567890', '0123456789', '3456789012', '12345678901234', 'abcdefghij', 'ABCDEFGHIJKLMNOP', 'klmnopqrstuvwxyz', '0987654321', 'zyxwvutsrq'])('refuses a plain run: %s', (password) => {
    expect(checkPasswordStrength(password, [])).toBe('TOO_COMMON');
  });

  it('does not mistake near-runs for runs', () => {
    expect(checkPasswordStrength('1234567899', [])).toBeNull();
    expect(checkPasswordStrength('abcdefghik', [])).toBeNull();
  });

  it('refuses a password containing an identifier, case-insensitively', () => {
    expect(checkPasswordStrength('RuizFamily2024', ['Ruiz'])).toBe('CONTAINS_IDENTIFIER');
    expect(checkPasswordStrength('my-springfield-water', ['Springfield Water'])).toBeNull();
    expect(checkPasswordStrength('my-springfield-water', ['springfield'])).toBe('CONTAINS_IDENTIFIER');
  });

  it('compares only the local part of an email', () => {
    expect(checkPasswordStrength('ana.ruiz-rocks!', ['Ana.Ruiz@example.com'])).toBe('CONTAINS_IDENTIFIER');
    expect(checkPasswordStrength('example.com-is-home', ['ana.ruiz@example.com'])).toBeNull();
  });

  it('ignores identifiers shorter than 4 characters', () => {
    expect(checkPasswordStrength('joe-likes-tea-2024', ['joe', 'joe@example.com', ''])).toBeNull();
    expect(checkPasswordStrength('joey-likes-tea-2024', ['joey'])).toBe('CONTAINS_IDENTIFIER');
  });

  it('reports length before commonness and commonness before identifiers', () => {
    expect(checkPasswordStrength('password', ['password'])).toBe('TOO_SHORT');
    expect(checkPasswordStrength('password123', ['password'])).toBe('TOO_COMMON');
  });
});

describe('COMMON_PASSWORDS', () => {
  it('holds only lowercase entries long enough to pass the length rule', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(150);
    for (const entry of COMMON_PASSWORDS) {
      expect(entry).toBe(entry.toLowerCase());
      expect(Array.from(entry).length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    }
  });
});
