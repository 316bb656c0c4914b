import { CounterAttempt } from './counter-attempt';

describe('a counter payment attempt', () => {
  it('keeps one key across presses until it is reset, then makes a new one', () => {
    const attempt = new CounterAttempt();
    const first = attempt.keyForSubmit();
    expect(attempt.keyForSubmit()).toBe(first);
    attempt.reset();
    expect(attempt.keyForSubmit()).not.toBe(first);
  });
});
