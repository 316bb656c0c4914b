import fc from 'fast-check';
import { normaliseIdentifier } from './identifier';
import { checkPasswordStrength } from './password-policy';

const NFC = 'jos\u00e9.garc\u00eda@example.com';

it('makes an address typed with accents composed either way, in any case, with spaces around it, one string', () => {
  expect(NFC.normalize('NFD')).not.toBe(NFC);
  for (const typed of [NFC, NFC.normalize('NFD'), `  ${NFC.toUpperCase().normalize('NFD')}\t`]) expect([typed, normaliseIdentifier(typed)]).toEqual([typed, NFC]);
});

it('is idempotent and blind to how accents are composed, for any text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-composite' }), (typed) => {
      const normal = normaliseIdentifier(typed);
      expect(normaliseIdentifier(normal)).toBe(normal);
      expect(normaliseIdentifier(typed.normalize('NFD'))).toBe(normal);
      expect(normal.normalize('NFC')).toBe(normal);
    }),
    { numRuns: 2000 },
  );
});

it('stays idempotent where lower-casing undoes NFC (a Greek capital with an accent, then ypogegrammeni)', () => {
  const typed = '\u0386\u0345';
  expect(normaliseIdentifier(normaliseIdentifier(typed))).toBe(normaliseIdentifier(typed));
});

it('finds an identifier in a password whichever way either composes its accents', () => {
  expect(checkPasswordStrength(`${'ren\u00e9e'.normalize('NFD')}-lamp-2024`, ['ren\u00e9e@example.com'])).toBe('CONTAINS_IDENTIFIER');
  expect(checkPasswordStrength('ren\u00e9e-lamp-2024', ['ren\u00e9e@example.com'.normalize('NFD')])).toBe('CONTAINS_IDENTIFIER');
});
