import type { PlatformEvent } from '@platform/api';
import { z } from 'zod';
import { defineEventKind } from './event-kind';

const cents = z.codec(z.string().regex(/^-?\d{1,19}$/), z.bigint(), { decode: (wire) => BigInt(wire), encode: (value) => value.toString() });
const Moved = defineEventKind({
  typePrefix: 'thing.',
  typeOf: (payload) => `thing.${payload.status.toLowerCase()}`,
  payload: z.object({ thingId: z.string(), status: z.enum(['OPEN', 'SHUT']), totalCents: cents }),
});
const event = (type: string, payload: unknown): PlatformEvent => ({ cursor: '7', type, subjectId: 's', payload, occurredAt: new Date(0) });

describe('defineEventKind', () => {
  it('writes a payload in its stored shape and reads the same payload back, typed', () => {
    const payload = { thingId: 't1', status: 'OPEN' as const, totalCents: 12_345_678_901_234_567n };
    const stored = Moved.encode(payload);
    expect(stored).toEqual({ thingId: 't1', status: 'OPEN', totalCents: '12345678901234567' });
    expect(Moved.typeOf(payload)).toBe('thing.open');
    // Through JSON, as the jsonb column returns it.
    const read = Moved.read(event('thing.open', JSON.parse(JSON.stringify(stored))));
    expect(read).toEqual(payload);
    expect(typeof read.totalCents).toBe('bigint');
  });

  it('refuses to read a payload that does not fit, or an event of another kind or type', () => {
    expect(() => Moved.read(event('thing.open', { thingId: 't1', status: 'OPEN', totalCents: 12 }))).toThrow(/does not fit its kind/);
    expect(() => Moved.read(event('thing.open', { thingId: 't1', status: 'AJAR', totalCents: '1' }))).toThrow(/does not fit its kind/);
    expect(() => Moved.read(event('other.open', { thingId: 't1', status: 'OPEN', totalCents: '1' }))).toThrow(/not a "thing\." event/);
    expect(() => Moved.read(event('thing.shut', { thingId: 't1', status: 'OPEN', totalCents: '1' }))).toThrow(/payload says "thing.open"/);
    expect(Moved.includes(event('thing.shut', {}))).toBe(true);
    expect(Moved.includes(event('things.shut', {}))).toBe(false);
  });

  it('refuses to write a payload that does not fit, or a type outside its prefix', () => {
    expect(() => Moved.encode({ thingId: 't1', status: 'AJAR' as 'OPEN', totalCents: 1n })).toThrow();
    const Stray = defineEventKind({ typePrefix: 'thing.', typeOf: () => 'other.x', payload: z.object({}) });
    expect(() => Stray.typeOf({})).toThrow(/not of the kind/);
  });
});
