import { isAnswer, outcomeOfAnswer, problemsFrom } from './problems-from';

describe('problemsFrom', () => {
  it('puts each userError next to its field: memo and note are the reason field', () => {
    expect(
      problemsFrom([
        { field: ['input', 'amount'], message: 'Too much.' },
        { field: ['input', 'memo'], message: 'Say why.' },
        { field: ['note'], message: 'No card numbers.' },
      ]),
    ).toEqual({ amount: 'Too much.', reason: 'Say why. No card numbers.' });
    expect(problemsFrom([{ field: ['input', 'payableId'], message: 'Not this account’s bill.' }])).toEqual({ payable: 'Not this account’s bill.' });
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

describe('outcomeOfAnswer', () => {
  it('keeps an attempt the processor did not answer under way, so the same key asks again rather than refunding twice', () => {
    expect(outcomeOfAnswer([])).toBe('done');
    expect(outcomeOfAnswer([{ field: ['input', 'amount'], code: 'REFUND_TOO_LARGE', message: 'Too much.' }])).toBe('refused');
    expect(outcomeOfAnswer([{ field: ['input', 'paymentId'], code: 'PROCESSOR_UNAVAILABLE', message: 'Sent, not yet confirmed.' }])).toBe('unknown');
  });

  it('takes a server fault for no answer, and a refusal for one', () => {
    expect([isAnswer('FORBIDDEN'), isAnswer('BAD_USER_INPUT')]).toEqual([true, true]);
    expect([isAnswer('INTERNAL_SERVER_ERROR'), isAnswer('SERVICE_UNAVAILABLE'), isAnswer(null), isAnswer(undefined)]).toEqual([false, false, false, false]);
  });
});
