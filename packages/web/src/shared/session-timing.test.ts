import { REFRESH_MARGIN_MS, localExpiryMs, mustRefreshBeforeUse, refreshDelayMs } from './session-timing';

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
