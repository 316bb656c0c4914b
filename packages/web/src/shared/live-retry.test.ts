import { reconnectDelayMs, refusesToken, resumeCursor, shouldReconnect } from './live-retry';

describe('live connection retries', () => {
  it('gives up only on a city the gateway does not have', () => {
    expect(shouldReconnect({ code: 4404, reason: 'TENANT_NOT_FOUND' })).toBe(false);
    expect(shouldReconnect({ code: 4403 })).toBe(true);
    expect(shouldReconnect({ code: 1006 })).toBe(true);
    expect(shouldReconnect(new Error('network'))).toBe(true);
  });

  it('tells a close for the session’s token (ended 4401, refused 4403) from a dropped connection', () => {
    expect([4401, 4403].map((code) => refusesToken({ code, reason: 'SESSION_ENDED' }))).toEqual([true, true]);
    expect([1006, 1012, 4404].map((code) => refusesToken({ code }))).toEqual([false, false, false]);
    expect(refusesToken(new Error('network'))).toBe(false);
  });

  it('resumes a feed the server ended from the last cursor seen, unless the server never gave that cursor out', () => {
    const expired = [{ message: 'Session expired', extensions: { code: 'UNAUTHENTICATED' } }];
    const unknownCursor = [{ message: 'The cursor is not one this feed gave out.', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } }];
    expect(resumeCursor(expired, '184467440737095516170', '0')).toBe('184467440737095516170');
    expect(resumeCursor(unknownCursor, '184467440737095516170', '0')).toBe('0');
    expect(resumeCursor(unknownCursor, '184467440737095516170', null)).toBeNull();
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(reconnectDelayMs(0, 0)).toBe(500);
    expect(reconnectDelayMs(0, 0.999)).toBeLessThanOrEqual(1000);
    expect(reconnectDelayMs(3, 0.5)).toBe(6000);
    expect(reconnectDelayMs(20, 0.999)).toBeLessThanOrEqual(30_000);
  });
});
