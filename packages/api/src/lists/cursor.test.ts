import { Buffer } from 'node:buffer';
import { cursorCodec } from './cursor';

const byTimeAndId = cursorCodec('timestamp', 'uuid');
const bySequence = cursorCodec('integer');
const byText = cursorCodec('text');
const wire = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('cursorCodec', () => {
  it('decodes what it encoded, with each part typed', () => {
    const at = new Date('2026-11-30T18:00:00.123Z');
    const id = '3f2b6c1e-8a4d-4c2b-9e1f-0a1b2c3d4e5f';
    expect(byTimeAndId.decode(byTimeAndId.encode([at, id]))).toEqual([at, id]);
    expect(bySequence.decode(bySequence.encode([9007199254740993n]))).toEqual([9007199254740993n]);
  });

  it('refuses a cursor of another shape, a tampered one, and junk', () => {
    const sequence = bySequence.encode([42n]);
    expect(byTimeAndId.decode(sequence)).toBeNull();
    const forged = Buffer.from(JSON.stringify(['2026-11-30T18:00:00.000Z', "x' OR 1=1 --"])).toString('base64url');
    expect(byTimeAndId.decode(forged)).toBeNull();
    expect(byTimeAndId.decode('not base64 at all!')).toBeNull();
    expect(byTimeAndId.decode(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
    expect(bySequence.decode(Buffer.from('["1.5"]').toString('base64url'))).toBeNull();
    expect(byTimeAndId.decode('A'.repeat(1000))).toBeNull();
  });

  it('refuses a timestamp that does not round-trip exactly', () => {
    const loose = Buffer.from(JSON.stringify(['2026-11-30', '3f2b6c1e-8a4d-4c2b-9e1f-0a1b2c3d4e5f'])).toString('base64url');
    expect(byTimeAndId.decode(loose)).toBeNull();
  });

  it('takes timestamps only of four-digit years, which PostgreSQL holds', () => {
    const id = '3f2b6c1e-8a4d-4c2b-9e1f-0a1b2c3d4e5f';
    expect(byTimeAndId.decode(wire(['-271821-04-20T00:00:00.000Z', id]))).toBeNull();
    expect(byTimeAndId.decode(wire(['+275760-09-13T00:00:00.000Z', id]))).toBeNull();
    expect(byTimeAndId.decode(wire(['9999-12-31T23:59:59.999Z', id]))).toEqual([new Date('9999-12-31T23:59:59.999Z'), id]);
  });

  it('takes integers only within PostgreSQL bigint, which the queries cast them to', () => {
    expect(bySequence.decode(wire(['9223372036854775807']))).toEqual([9223372036854775807n]);
    expect(bySequence.decode(wire(['-9223372036854775808']))).toEqual([-9223372036854775808n]);
    expect(bySequence.decode(wire(['9223372036854775808']))).toBeNull();
    expect(bySequence.decode(wire(['-9223372036854775809']))).toBeNull();
    expect(bySequence.decode(wire(['99999999999999999999']))).toBeNull();
    expect(bySequence.decode(wire(['0009223372036854775807']))).toBeNull();
  });

  it('refuses text PostgreSQL cannot hold: a NUL character or half of a surrogate pair', () => {
    expect(byText.decode(byText.encode(['10 1002 00 ☃ 😀']))).toEqual(['10 1002 00 ☃ 😀']);
    expect(byText.decode(wire(['10\u0000']))).toBeNull();
    expect(byText.decode(wire(['10\ud800']))).toBeNull();
    expect(byText.decode(wire(['\udc00 10']))).toBeNull();
  });
});
