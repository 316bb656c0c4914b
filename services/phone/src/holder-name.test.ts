import { holderNameForProcessor } from './holder-name';

describe('holderNameForProcessor', () => {
  it('keeps a name that fits, trimmed', () => {
    expect(holderNameForProcessor('  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(holderNameForProcessor('a'.repeat(100))).toBe('a'.repeat(100));
  });

  it('cuts a longer name after its last whole word within 100 characters', () => {
    const name = `${'word '.repeat(19)}abcdefghij`;
    expect(name.length).toBe(105);
    expect(holderNameForProcessor(name)).toBe('word '.repeat(19).trim());
    expect(holderNameForProcessor(`${'x'.repeat(95)} abcd efgh`)).toBe(`${'x'.repeat(95)} abcd`);
    expect(holderNameForProcessor(`${'x'.repeat(95)} abcd ${'y'.repeat(10)}`)).toBe(`${'x'.repeat(95)} abcd`);
  });

  it('cuts one word too long at the limit, never inside a surrogate pair', () => {
    expect(holderNameForProcessor('b'.repeat(130))).toBe('b'.repeat(100));
    const cut = holderNameForProcessor(`${'c'.repeat(99)}😀${'d'.repeat(5)}`);
    expect(cut).toBe('c'.repeat(99));
    expect(cut.length).toBeLessThanOrEqual(100);
  });
});
