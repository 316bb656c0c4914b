import { useQuery } from '@apollo/client/react';
import { useLocale, useT } from '../shared/locale';
import { ConvenienceFeeDocument } from './portal-operations';
import { decimalFromCents, formatDecimal, parseAmountCents } from '../shared/decimal-amount';

/** What a payment of some amount will charge: the city's convenience fee for it, and the total with it. */
export interface PaymentTotal {
  /** The fee as the API wrote it: "0" cents where the city charges none. */
  readonly fee: { readonly cents: string; readonly formatted: string };
  /** The amount plus the fee, as the API's decimal string ("102.95"). */
  readonly total: string;
}

/** A payment's total as the page knows it (usePaymentTotal). */
interface PaymentQuote {
  /** Null until it is known. */
  readonly total: PaymentTotal | null;
  /** The fee could not be asked: Pay waits, and FeeTrouble offers `retry`. */
  readonly failed: boolean;
  readonly retry: () => void;
  /**
   * Asks again after makePayment refused the total confirmed (FEE_CHANGED:
   * the city's fee changed since it was asked); settles once the page shows
   * the answer, so Pay is offered again only with the new total.
   */
  readonly requote: () => Promise<void>;
}

/**
 * The total a payment of `amount` (the API's decimal string) will charge,
 * with the fee asked of the API (convenienceFeeFor: the function makePayment
 * charges by), so the page says the total before Pay; makePayment is sent
 * that total and charges it or nothing.
 */
export function usePaymentTotal(amount: string): PaymentQuote {
  const { data, error, refetch } = useQuery(ConvenienceFeeDocument, { variables: { amount } });
  const fee = data?.tenant.payments.convenienceFeeFor;
  const cents = parseAmountCents(amount);
  const total = fee && cents !== null ? { fee, total: decimalFromCents(cents + BigInt(fee.cents)) } : null;
  async function requote(): Promise<void> {
    try {
      await refetch();
    } catch {
      // Not asked: the total shown is the one last known, and makePayment refuses it again if the fee no longer makes it.
    }
  }
  return { total, failed: !total && Boolean(error), retry: () => void refetch(), requote };
}

/** The fee and total lines of a payment's summary (inside its <dl>); none where the city charges no fee. */
export function FeeFacts({ total }: { readonly total: PaymentTotal | null }) {
  const t = useT();
  const { locale } = useLocale();
  if (!total || total.fee.cents === '0') return null;
  return (
    <>
      <dt>{t('portal.pay.fee')}</dt>
      <dd className="money">{total.fee.formatted}</dd>
      <dt>{t('portal.pay.total')}</dt>
      <dd className="money">{formatDecimal(total.total, locale)}</dd>
    </>
  );
}

/** What the total under Pay is made of (`amount` is the API's decimal string, before the fee); none where the city charges no fee. */
export function FeeNote({ id, amount, total }: { readonly id: string; readonly amount: string; readonly total: PaymentTotal | null }) {
  const t = useT();
  const { locale } = useLocale();
  if (!total || total.fee.cents === '0') return null;
  return (
    <p className="hint" id={id}>
      {t('portal.pay.feeNote', { total: formatDecimal(total.total, locale), amount: formatDecimal(amount, locale), fee: total.fee.formatted })}
    </p>
  );
}

/** Said when the fee could not be asked: Pay waits for it, so the payer never confirms a total they were not shown. */
export function FeeTrouble({ retry }: { readonly retry: () => void }) {
  const t = useT();
  return (
    <div role="alert">
      <p>{t('portal.pay.feeFailed')}</p>
      <button type="button" className="secondary" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
