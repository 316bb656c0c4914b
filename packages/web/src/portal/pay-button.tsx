import { useLocale, useT } from '../shared/locale';
import type { PaymentTotal } from './payment-total';
import { formatDecimal } from '../shared/decimal-amount';

interface PayButtonProps {
  /** Null until the fee is known: the button waits, so no one pays a total they were not shown. */
  readonly total: PaymentTotal | null;
  readonly paying: boolean;
  /** Whether the last attempt's answer was lost: the button sends that attempt again. */
  readonly unanswered: boolean;
  /** The id of the page's FeeNote, which says what the total is made of. */
  readonly feeNoteId: string;
  readonly onPay: () => void;
}

/** Pay, naming the total it charges. */
export function PayButton({ total, paying, unanswered, feeNoteId, onPay }: PayButtonProps) {
  const t = useT();
  const { locale } = useLocale();
  const totalText = total ? formatDecimal(total.total, locale) : null;
  return (
    <button type="button" onClick={onPay} disabled={paying || !totalText} aria-describedby={total?.fee.cents !== '0' ? feeNoteId : undefined}>
      {!totalText ? t('portal.pay.working') : t(paying ? 'portal.pay.paying' : unanswered ? 'portal.pay.retry' : 'portal.pay.payButton', { amount: totalText })}
    </button>
  );
}
