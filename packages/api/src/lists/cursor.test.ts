import { Buffer } from 'node:buffer';
import { cursorCodec } from './cursor';

const byTimeAndId = cursorCodec('timestamp', 'uuid');
const bySequence = cursorCodec('integer');

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
});
