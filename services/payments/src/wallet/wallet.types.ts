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
