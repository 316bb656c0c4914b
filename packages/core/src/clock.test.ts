import { FixedClock } from './clock';

it('FixedClock stays put until moved', () => {
  const clock = new FixedClock(new Date('2026-01-15T08:00:00Z'));
  expect(clock.now().toISOString()).toBe('2026-01-15T08:00:00.000Z');
  clock.advance(60_000);
  expect(clock.now().toISOString()).toBe('2026-01-15T08:01:00.000Z');
  clock.set(new Date('2026-02-01T00:00:00Z'));
  expect(clock.now().toISOString()).toBe('2026-02-01T00:00:00.000Z');
});
