import { EventCursorSeal } from './cursor-seal';

const NORWALK = '3f0c2a4e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
const NORMAN = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const secret = new TextEncoder().encode('a-cursor-key-of-thirty-two-chars-or-more');
const seal = new EventCursorSeal(secret);
// Transaction 745,012 and sequence 3,141,592, as a cursor of the events table is made.
const cursor = 745_012n * 2n ** 64n + 3_141_592n;

describe('EventCursorSeal', () => {
  it('opens what it sealed for the same city, for cursors from the first to the largest one block holds', () => {
    for (const n of [0n, 1n, cursor, 2n ** 128n - 1n]) expect(seal.open(NORWALK, seal.seal(NORWALK, n))).toBe(n);
  });

  it('seals the same cursor as the same text, which neither spells the cursor nor keeps its order or distance', () => {
    const sealed = seal.seal(NORWALK, cursor);
    expect(seal.seal(NORWALK, cursor)).toBe(sealed);
    expect(new EventCursorSeal(secret).seal(NORWALK, cursor)).toBe(sealed);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(sealed).not.toContain(cursor.toString());
    const next = seal.seal(NORWALK, cursor + 1n);
    const common = [...sealed].findIndex((char, i) => char !== next[i]);
    // Neighbours share no prefix beyond chance: a block cipher's output for n + 1 tells nothing of n's.
    expect(common).toBeLessThan(4);
  });

  it("refuses another city's cursor, a cursor of another key, a tampered one and made-up text", () => {
    const sealed = seal.seal(NORWALK, cursor);
    expect(seal.open(NORMAN, sealed)).toBeNull();
    expect(seal.seal(NORMAN, cursor)).not.toBe(sealed);
    expect(new EventCursorSeal(new TextEncoder().encode('another-key-of-thirty-two-chars-or-more')).open(NORWALK, sealed)).toBeNull();
    const flipped = `${sealed.slice(0, 5)}${sealed[5] === 'A' ? 'B' : 'A'}${sealed.slice(6)}`;
    expect(seal.open(NORWALK, flipped)).toBeNull();
    for (const text of ['0', cursor.toString(), 'A'.repeat(32), `${sealed}A`, sealed.slice(1), `${sealed.slice(0, 31)}=`, '']) expect(seal.open(NORWALK, text)).toBeNull();
  });

  it('refuses to seal a number no cursor can be', () => {
    expect(() => seal.seal(NORWALK, -1n)).toThrow(/out of range/);
    expect(() => seal.seal(NORWALK, 2n ** 128n)).toThrow(/out of range/);
  });
});
