import { clockOffset, isPast, nextDeadline } from './time-up';

const NOW = Date.parse('2026-11-30T20:00:00Z');

describe('nextDeadline', () => {
  it('is the earliest deadline still ahead, none when every one has passed or there are none', () => {
    expect(nextDeadline(['2026-12-02T00:00:00Z', null, '2026-11-29T00:00:00Z', '2026-12-01T00:00:00Z'], NOW)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(nextDeadline(['2026-11-30T20:00:00Z', '2026-11-01T00:00:00Z', undefined], NOW)).toBeNull();
    expect(nextDeadline([], NOW)).toBeNull();
  });
});

describe('isPast', () => {
  it('is true from the instant a request expires, false before it and for one with no expiry', () => {
    expect([isPast('2026-11-30T20:00:00Z', NOW), isPast('2026-11-30T20:00:00.001Z', NOW), isPast(null, NOW)]).toEqual([true, false, false]);
  });
});

describe('clockOffset', () => {
  it("is how far the platform's clock is ahead of the device's, behind as a negative, and nothing until it is known", () => {
    expect([clockOffset('2026-11-30T21:00:00Z', NOW), clockOffset('2026-11-30T19:59:59.500Z', NOW), clockOffset(null, NOW)]).toEqual([3_600_000, -500, 0]);
  });
});
