import { REFRESH_MARGIN_MS, localExpiryMs, localSessionEndMs, mustRefreshBeforeUse, refreshDelayMs } from './session-timing';

const jwt = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

describe('refreshDelayMs', () => {
  it('refreshes a minute before a 15-minute token expires', () => {
    expect(refreshDelayMs(15 * 60_000, 0)).toBe(14 * 60_000);
  });
  it('refreshes a short token halfway, and an expired one now', () => {
    expect(refreshDelayMs(40_000, 0)).toBe(20_000);
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
  });
});

describe('mustRefreshBeforeUse', () => {
  it('is true only within half the margin of expiry (the timer normally refreshed earlier)', () => {
    expect(mustRefreshBeforeUse(100_000, 100_000 - REFRESH_MARGIN_MS / 2 - 1)).toBe(false);
    expect(mustRefreshBeforeUse(100_000, 100_000 - REFRESH_MARGIN_MS / 2 + 1)).toBe(true);
    expect(mustRefreshBeforeUse(100_000, 200_000)).toBe(true);
  });
});

describe('localExpiryMs', () => {
  it('is the receipt time plus the token’s lifetime, whatever the server’s clock says', () => {
    const token = jwt({ iat: 1_000, exp: 1_900 });
    expect(localExpiryMs(token, '2000-01-01T00:00:00Z', 5_000_000)).toBe(5_000_000 + 900_000);
  });
  it('falls back to the server’s expiry for a token it cannot read', () => {
    expect(localExpiryMs('opaque', '2030-01-01T00:00:00Z', 0)).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(localExpiryMs(jwt({ exp: 5 }), '2030-01-01T00:00:00Z', 0)).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });
});

describe('localSessionEndMs', () => {
  it('counts the session’s end from when its tokens came, by the server’s clock in the token: a browser a day off warns on time', () => {
    const issuedAt = Date.parse('2026-12-01T10:00:00Z');
    const token = jwt({ iat: issuedAt / 1000, exp: issuedAt / 1000 + 900 });
    const receivedAt = issuedAt + 86_400_000;
    expect(localSessionEndMs(token, '2026-12-01T10:30:00Z', receivedAt)).toBe(receivedAt + 30 * 60_000);
  });
  it('takes the server’s time for a token it cannot read', () => {
    expect(localSessionEndMs('opaque', '2026-12-01T10:30:00Z', 0)).toBe(Date.parse('2026-12-01T10:30:00Z'));
  });
});
