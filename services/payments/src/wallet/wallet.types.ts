import { CardBrandEnum, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('SavedPaymentMethod', { description: 'A saved card or bank account: never its number.' })
export class SavedPaymentMethodType {
  @Field(() => ID) id: string;
  @Field(() => PaymentMethodKindEnum) kind: PaymentMethodKind;
  @Field(() => CardBrandEnum, { nullable: true }) brand: CardBrand | null;
  @Field() last4: string;
  @Field(() => Int, { nullable: true }) expMonth: number | null;
  @Field(() => Int, { nullable: true }) expYear: number | null;
  @Field(() => String, { nullable: true }) holderName: string | null;
  @Field({
    description:
      "A card past its expiry month on the city's calendar (good through the month's last day): a payment with it is refused EXPIRED_CARD and autopay cannot use it, so pages show it as expired and do not offer it. Never true of a bank account.",
  })
  expired: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Why the city takes no more debits from this bank account: after its bank returned one, the return code (R02 account closed, R01 twice insufficient funds, ...; RETURNED when the bank gave none), and a payment or autopay enrolment with it is refused BANK_ACCOUNT_BLOCKED; INVALID_ACCOUNT when its bank said it no longer exists, and a payment with it is refused BANK_ACCOUNT_INVALID. Pages say why and do not offer it. Null when it can be used; never set on a card.',
  })
  blockedBecause: string | null;
}

@ObjectType('SavedPaymentMethodPayload')
export class SavedPaymentMethodPayloadType {
  @Field(() => SavedPaymentMethodType, { nullable: true }) paymentMethod: SavedPaymentMethodType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('RemovePaymentMethodPayload')
export class RemovePaymentMethodPayloadType {
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
