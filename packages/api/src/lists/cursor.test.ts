import { Buffer } from 'node:buffer';
import { cursorCodec, type CursorCodec } from './cursor';

const NORWALK = { tenantId: 'b8a4f7f2-54c4-4c4e-9d43-1d1c6b7e2a01' };
const NORMAN = { tenantId: '0f6f3a52-8d5e-4f0b-a7de-5c0e2b9c4d12' };
const payments = cursorCodec('payments', 'timestamp', 'uuid');
const ledger = cursorCodec('ledger', 'uuid');
const byTimeAndId = payments.within(NORWALK);
const byEntry = ledger.within({ ...NORWALK, parentId: 'account-a' });
const byText = cursorCodec('serviceAccounts', 'text').within(NORWALK);
const at = new Date('2026-11-30T18:00:00.123Z');
const id = '3f2b6c1e-8a4d-4c2b-9e1f-0a1b2c3d4e5f';

/** A cursor of `codec`'s list and scope holding `key`: what a client can write by rewriting one it was given. */
function rewritten<Parts extends readonly unknown[]>(codec: CursorCodec<Parts>, given: Parts, key: unknown[]): string {
  const [list, scope] = JSON.parse(Buffer.from(codec.encode(given), 'base64url').toString('utf8')) as unknown[];
  return Buffer.from(JSON.stringify([list, scope, ...key])).toString('base64url');
}
const timeAndIdWire = (key: unknown[]) => rewritten(byTimeAndId, [at, id], key);
const entryWire = (key: unknown[]) => rewritten(byEntry, [id], key);
const textWire = (key: unknown[]) => rewritten(byText, ['10'], key);

describe('cursorCodec', () => {
  it('decodes what it encoded, with each part typed', () => {
    expect(byTimeAndId.decode(byTimeAndId.encode([at, id]))).toEqual([at, id]);
    expect(byEntry.decode(byEntry.encode([id]))).toEqual([id]);
  });

  it('refuses a cursor another list, another city or another parent gave out', () => {
    const auditLog = cursorCodec('auditLog', 'timestamp', 'uuid').within(NORWALK);
    expect(auditLog.decode(byTimeAndId.encode([at, id]))).toBeNull();
    expect(payments.within(NORMAN).decode(byTimeAndId.encode([at, id]))).toBeNull();
    expect(ledger.within({ ...NORWALK, parentId: 'account-b' }).decode(byEntry.encode([id]))).toBeNull();
    expect(ledger.within(NORWALK).decode(byEntry.encode([id]))).toBeNull();
    // The same list in the same scope, built anew (another request, another instance), takes it.
    expect(ledger.within({ ...NORWALK, parentId: 'account-a' }).decode(byEntry.encode([id]))).toEqual([id]);
  });

  it('does not spell out the scope it was given out in', () => {
    const wire = Buffer.from(byEntry.encode([id]), 'base64url').toString('utf8');
    expect([wire.includes(NORWALK.tenantId), wire.includes('account-a')]).toEqual([false, false]);
  });

  it('refuses a cursor of another shape, a tampered one, and junk', () => {
    expect(byTimeAndId.decode(entryWire([id]))).toBeNull();
    expect(byTimeAndId.decode(timeAndIdWire(['42']))).toBeNull();
    expect(byTimeAndId.decode(timeAndIdWire(['2026-11-30T18:00:00.000Z', "x' OR 1=1 --"]))).toBeNull();
    expect(byTimeAndId.decode(Buffer.from(JSON.stringify(['2026-11-30T18:00:00.000Z', id])).toString('base64url'))).toBeNull();
    expect(byTimeAndId.decode('not base64 at all!')).toBeNull();
    expect(byTimeAndId.decode(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
    expect(byEntry.decode(entryWire(['42']))).toBeNull();
    expect(byEntry.decode(entryWire([id.toUpperCase()]))).toBeNull();
    expect(byTimeAndId.decode('A'.repeat(1000))).toBeNull();
  });

  it('refuses a timestamp that does not round-trip exactly', () => {
    expect(byTimeAndId.decode(timeAndIdWire(['2026-11-30', id]))).toBeNull();
  });

  it('takes timestamps only of four-digit years, which PostgreSQL holds', () => {
    expect(byTimeAndId.decode(timeAndIdWire(['-271821-04-20T00:00:00.000Z', id]))).toBeNull();
    expect(byTimeAndId.decode(timeAndIdWire(['+275760-09-13T00:00:00.000Z', id]))).toBeNull();
    expect(byTimeAndId.decode(timeAndIdWire(['9999-12-31T23:59:59.999Z', id]))).toEqual([new Date('9999-12-31T23:59:59.999Z'), id]);
  });

  it('refuses text PostgreSQL cannot hold: a NUL character or half of a surrogate pair', () => {
    expect(byText.decode(byText.encode(['10 1002 00 ☃ 😀']))).toEqual(['10 1002 00 ☃ 😀']);
    expect(byText.decode(textWire(['10\u0000']))).toBeNull();
    expect(byText.decode(textWire(['10\ud800']))).toBeNull();
    expect(byText.decode(textWire(['\udc00 10']))).toBeNull();
  });
});
