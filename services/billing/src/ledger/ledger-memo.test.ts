import { memoLabel, memoText, type PaymentMemo } from './ledger-memo';
import type { LedgerEntryEntity } from './ledger-entry.entity';

const PAYMENT = '6f1c2a34-1b2c-4d5e-8f90-123456789abc';
const CLERK = '0b7e9a10-2c3d-4e5f-9a0b-abcdefabcdef';

/** Every memo the platform writes, on the entry it writes it on. */
const WRITTEN: readonly (readonly [PaymentMemo, LedgerEntryEntity['kind'], string])[] = [
  [{ kind: 'ECHECK_RETURNED', returnCode: 'R01' }, 'PAYMENT_REVERSED', 'system'],
  [{ kind: 'ECHECK_RETURNED', returnCode: null }, 'PAYMENT_REVERSED', 'reconciliation'],
  [{ kind: 'RETURNED_PAYMENT_FEE', returnCode: 'R02' }, 'FEE', 'system'],
  [{ kind: 'RETURNED_PAYMENT_FEE', returnCode: null }, 'FEE', 'system'],
  [{ kind: 'VOIDED_AT_PROCESSOR' }, 'PAYMENT_REVERSED', 'processor'],
  [{ kind: 'REFUNDED_AT_PROCESSOR' }, 'REFUND', 'processor'],
  [{ kind: 'VOIDED_BY_STAFF', reason: 'Wrong account' }, 'PAYMENT_REVERSED', CLERK],
  [{ kind: 'CHECK_RETURNED', reason: 'INSUFFICIENT_FUNDS' }, 'PAYMENT_REVERSED', CLERK],
  [{ kind: 'RETURNED_CHECK_FEE' }, 'FEE', CLERK],
];
const entry = (kind: LedgerEntryEntity['kind'], memo: string | null, recordedBy: string, paymentId: string | null = PAYMENT) => ({ kind, memo, recordedBy, paymentId });

describe('ledger memos the platform writes', () => {
  it('stores the sentences the ledger has always held', () => {
    expect(WRITTEN.map(([memo]) => memoText(memo))).toEqual([
      'e-check returned R01',
      'e-check returned (no return code given)',
      'Returned payment fee (R02)',
      'Returned payment fee',
      'voided: voided at the processor',
      'refunded at the processor',
      'voided: Wrong account',
      'check returned by its bank: INSUFFICIENT_FUNDS',
      'Returned check fee',
    ]);
  });

  it('says every one in Spanish, none as stored, each its own', () => {
    const labels = WRITTEN.map(([memo, kind, actor]) => [memoText(memo), memoLabel(entry(kind, memoText(memo), actor), 'es')!] as const);
    expect(labels.filter(([text, label]) => label === text || label.includes('{'))).toEqual([]);
    expect(new Set(labels.map(([, label]) => label)).size).toBe(labels.length);
    expect(labels.slice(0, 3).map(([, label]) => label)).toEqual([
      'Cheque electrónico devuelto por el banco (R01)',
      'Cheque electrónico devuelto por el banco (sin código de devolución)',
      'Cargo por pago devuelto (R02)',
    ]);
    expect(memoLabel(entry('PAYMENT_REVERSED', 'voided: Wrong account', CLERK), 'en')).toBe('Voided: Wrong account');
    expect(memoLabel(entry('PAYMENT_REVERSED', 'check returned by its bank: STOP_PAYMENT', CLERK), 'es')).toBe('Cheque devuelto por su banco: pago detenido');
  });

  it('keeps what staff typed as typed, even in the platform’s words', () => {
    // A fee or a credit staff charged (no payment caused it), and a refund's reason a clerk gave.
    expect(memoLabel(entry('FEE', 'Returned payment fee (R01)', CLERK, null), 'es')).toBe('Returned payment fee (R01)');
    expect(memoLabel(entry('ADJUSTMENT', 'e-check returned R01', CLERK, null), 'es')).toBe('e-check returned R01');
    expect(memoLabel(entry('REFUND', 'refunded at the processor', CLERK), 'es')).toBe('refunded at the processor');
    expect(memoLabel(entry('REFUND', 'Cobrado dos veces', CLERK), 'es')).toBe('Cobrado dos veces');
    expect(memoLabel(entry('BILL_ISSUED', null, 'system', null), 'es')).toBeNull();
  });

  it('labels the memos an earlier version wrote', () => {
    expect(memoLabel(entry('PAYMENT_REVERSED', 'e-check returned', 'system'), 'es')).toBe('Cheque electrónico devuelto por el banco (sin código de devolución)');
  });
});
