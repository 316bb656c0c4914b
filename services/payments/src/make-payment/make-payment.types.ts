import type { TenantSettings } from '@platform/tenants';
import { CardBrandEnum, MoneyType, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { Field, ObjectType } from 'type-graphql';
import { PaymentType } from '../payment/payment.types';

@ObjectType('MakePaymentPayload', {
  description:
    'What makePayment answers. A payment recorded and charged: `payment`, no userErrors. A decline: `payment` (status DECLINED, or FAILED when the processor could not process it; with its confirmationNumber) AND one userError whose code is the decline (CARD_DECLINED, INSUFFICIENT_FUNDS, EXPIRED_CARD, PROCESSING_ERROR, BANK_ACCOUNT_INVALID) and whose field is the method\'s argument (["input", "token"] or ["input", "savedMethodId"]): try again with another method and a new idempotencyKey. Anything else refused: userErrors and no payment; nothing was recorded or charged.',
})
export class MakePaymentPayloadType {
  @Field(() => PaymentType, { nullable: true, description: 'Present whenever a payment was recorded, declined ones included.' }) payment: PaymentType | null;
  @Field(() => String, { nullable: true, description: "A guest's receipt token: with the confirmation number, paymentByConfirmation shows the payment." }) receiptToken: string | null;
  @Field(() => [UserErrorType], { description: 'Why nothing was recorded; or, beside a declined payment, the one decline.' }) userErrors: UserErrorType[];
}

@ObjectType('PaymentOptions', { description: 'What a front end needs to take a payment in this city.' })
export class PaymentOptionsType {
  @Field({ description: "POST card or bank details here (the processor's hosted tokenization), then send only the token." }) tokenizeUrl: string;
  @Field({
    description:
      "The processor's hosted payment form, to frame in the page (query: origin, kind card|bank_account, brands, lang, colours; see the processor's README): it tokenizes at the processor and posts back only the token.",
  })
  hostedFieldsUrl: string;
  @Field(() => [CardBrandEnum]) acceptedCardBrands: CardBrand[];
  @Field() echeckAccepted: boolean;
  @Field({ description: 'The convenience fee policy in words, to show before the payer confirms.' }) convenienceFee: string;
  @Field(() => MoneyType, { description: 'The most one payment may be.' }) maxPayment: MoneyType;
  @Field(() => [PaymentMethodKindEnum], { description: 'Methods autopay takes online.' }) autopayMethodsOnline: PaymentMethodKind[];
  /** Not a field: what convenienceFeeFor computes from. */
  feePolicy: TenantSettings['paymentRules']['convenienceFee'];
}
