import { problemsFrom } from './problems-from';

describe('problemsFrom', () => {
  it('puts each userError next to its field: memo and note are the reason field', () => {
    expect(
      problemsFrom([
        { field: ['input', 'amount'], message: 'Too much.' },
        { field: ['input', 'memo'], message: 'Say why.' },
        { field: ['note'], message: 'No card numbers.' },
      ]),
    ).toEqual({ amount: 'Too much.', reason: 'Say why. No card numbers.' });
  });

  it('says what concerns the action as a whole (the payment, the account) above the fields', () => {
    expect(
      problemsFrom([
        { field: ['input', 'paymentId'], message: 'Not refundable.' },
        { field: ['serviceAccountId'], message: 'Not allowed.' },
      ]),
    ).toEqual({
      form: 'Not refundable. Not allowed.',
    });
    expect(problemsFrom([])).toEqual({});
  });
});
