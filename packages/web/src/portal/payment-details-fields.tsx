import { forwardRef } from 'react';
import { useLocale, useT } from '../shared/locale';
import type { PageTenant } from '../shared/page-tenant';
import { HostedFields, type HostedFieldsHandle } from './hosted-fields';

interface PaymentDetailsFieldsProps {
  readonly tenant: PageTenant;
  readonly payments: { readonly hostedFieldsUrl: string; readonly acceptedCardBrands: readonly string[] };
  readonly kind: 'CARD' | 'BANK_ACCOUNT';
  /**
   * Whether a payment's answer is lost. The form is hidden then, not
   * unmounted: what the payer typed is still there if they choose to pay anew.
   */
  readonly unanswered: boolean;
}

/** The processor's form for a new card or bank account on a payment page, in the city's colour and the page's language. */
export const PaymentDetailsFields = forwardRef<HostedFieldsHandle, PaymentDetailsFieldsProps>(function PaymentDetailsFields({ tenant, payments, kind, unanswered }, ref) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <div hidden={unanswered}>
      <HostedFields
        key={`${kind}-${locale}`}
        ref={ref}
        hostedFieldsUrl={payments.hostedFieldsUrl}
        kind={kind}
        brands={payments.acceptedCardBrands}
        locale={locale}
        primaryColour={tenant.branding.colours.primaryText}
        title={t(kind === 'CARD' ? 'portal.pay.cardFrameTitle' : 'portal.pay.bankFrameTitle')}
      />
    </div>
  );
});
