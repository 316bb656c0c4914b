import { reasonLabel, reasonText, type TransitionReason } from './transition-reason';

/** Every reason the platform writes, with the status it is written for. */
const WRITTEN: readonly (readonly [TransitionReason, string])[] = [
  [{ kind: 'PAYMENT_MADE' }, 'PENDING'],
  [{ kind: 'CARD_CHARGED' }, 'CAPTURED'],
  [{ kind: 'ECHECK_ACCEPTED' }, 'AUTHORIZED'],
  [{ kind: 'NO_ANSWER', silence: 'TIMEOUT' }, 'UNKNOWN'],
  [{ kind: 'NO_ANSWER', silence: 'NETWORK' }, 'UNKNOWN'],
  [{ kind: 'NO_ANSWER', silence: 'SERVER_ERROR' }, 'UNKNOWN'],
  [{ kind: 'NO_ANSWER', silence: 'REFUSED' }, 'UNKNOWN'],
  [{ kind: 'DECLINED', code: 'INSUFFICIENT_FUNDS', message: 'The card has insufficient funds.' }, 'DECLINED'],
  [{ kind: 'DECLINED', code: 'GENERIC_DECLINE', message: 'The card was declined.' }, 'DECLINED'],
  [{ kind: 'REFUSED', code: 'invalid_token', message: 'The token was already used.' }, 'FAILED'],
  [{ kind: 'NO_CHARGE' }, 'FAILED'],
  [{ kind: 'VOIDED_AT_PROCESSOR' }, 'VOIDED'],
  [{ kind: 'ECHECK_RETURNED', returnCode: 'R01' }, 'RETURNED'],
  [{ kind: 'ECHECK_RETURNED', returnCode: null }, 'RETURNED'],
  [{ kind: 'CHECK_RETURNED', reason: 'INSUFFICIENT_FUNDS' }, 'RETURNED'],
  [{ kind: 'POSTING_DAY' }, 'POSTED'],
  [{ kind: 'POSTED_FOR_REFUND' }, 'POSTED'],
  [{ kind: 'POSTED_AT_COUNTER' }, 'POSTED'],
  [{ kind: 'RECEIVED_AT_COUNTER', checkNumber: null, receivedBy: 'Pat Clerk' }, 'CAPTURED'],
  [{ kind: 'RECEIVED_AT_COUNTER', checkNumber: '1234', receivedBy: 'Pat Clerk' }, 'CAPTURED'],
  [{ kind: 'DONE', done: 'refunded' }, 'SUCCEEDED'],
  [{ kind: 'DONE', done: 'voided' }, 'SUCCEEDED'],
  [{ kind: 'VOIDED_AT_COUNTER' }, 'SUCCEEDED'],
  [{ kind: 'DONE_AFTER_ALL', done: 'refunded', unfit: null }, 'SUCCEEDED'],
  [{ kind: 'DONE_AFTER_ALL', done: 'voided', unfit: { status: 'PARTIALLY_REFUNDED', refundedCents: 1000n, totalCents: 1800n } }, 'SUCCEEDED'],
];

describe('transition reasons', () => {
  it('stores the sentences the history has always held', () => {
    expect(WRITTEN.slice(0, 3).map(([reason]) => reasonText(reason))).toEqual(['payment made', 'card charged', 'e-check accepted, settling']);
    expect(reasonText({ kind: 'RECEIVED_AT_COUNTER', checkNumber: null, receivedBy: 'Pat Clerk' })).toBe('cash received at the counter by Pat Clerk');
    expect(reasonText({ kind: 'DONE_AFTER_ALL', done: 'refunded', unfit: { status: 'PARTIALLY_REFUNDED', refundedCents: 1000n, totalCents: 1800n } })).toBe(
      'refunded after all, but the payment (PARTIALLY_REFUNDED, 1000 of 1800 cents refunded) no longer takes it: settle it by hand',
    );
  });

  it('says every reason the platform writes in Spanish, none as stored', () => {
    const labels = WRITTEN.map(([reason, status]) => [reasonText(reason), reasonLabel(reasonText(reason), status, 'es')] as const);
    expect(labels.filter(([text, label]) => label === text || label.includes('{'))).toEqual([]);
    expect(new Set(labels.map(([, label]) => label)).size).toBe(labels.length);
  });

  it('fills in what the sentence carries', () => {
    expect(reasonLabel('card charged', 'CAPTURED', 'es')).toBe('Tarjeta cobrada');
    expect(reasonLabel('e-check returned R02', 'RETURNED', 'es')).toBe('Cheque electrónico devuelto por el banco (R02)');
    expect(reasonLabel('check #1234 received at the counter by Pat Clerk', 'CAPTURED', 'es')).toBe('Cheque n.º 1234 recibido en ventanilla por Pat Clerk');
    expect(reasonLabel('charge_not_settled: The charge has not settled.', 'FAILED', 'en')).toBe('Refused by the processor (charge_not_settled)');
    expect(reasonLabel('processor did not answer: TIMEOUT', 'UNKNOWN', 'en')).toBe('The processor did not answer in time');
    expect(reasonLabel('check returned by its bank: INSUFFICIENT_FUNDS', 'RETURNED', 'en')).toBe('Check returned by its bank: insufficient funds');
  });

  it('labels declines stored as the processor worded them, before their code was kept', () => {
    expect(reasonLabel('The card has insufficient funds.', 'DECLINED', 'es')).toBe('Rechazado por la tarjeta o el banco');
  });

  it('shows what staff typed as written, whatever the status', () => {
    expect(reasonLabel('Customer request: paid twice', 'REFUNDED', 'es')).toBe('Customer request: paid twice');
    expect(reasonLabel('Wrong account', 'PENDING', 'es')).toBe('Wrong account');
    expect(reasonLabel('Duplicate: see 10-1002-00', 'VOIDED', 'es')).toBe('Duplicate: see 10-1002-00');
  });
});
