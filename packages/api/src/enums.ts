import { CARD_BRANDS, PAYABLE_KINDS, RECORDED_METHOD_KINDS, SUPPORTED_LOCALES } from '@platform/core';
import { registerEnumType } from 'type-graphql';

/*
 * GraphQL enums for the platform-wide vocabularies in @platform/core. The
 * objects map each GraphQL value to the core value; Locale is upper-cased on
 * the wire (EN) per GraphQL convention and lower-case inside (en).
 */

const identity = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const LocaleEnum = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l.toUpperCase(), l])) as Record<Uppercase<(typeof SUPPORTED_LOCALES)[number]>, (typeof SUPPORTED_LOCALES)[number]>;
export const CardBrandEnum = identity(CARD_BRANDS);
/** One enum for every method a payment may show; where only online methods make sense (autopay, saved methods), CASH and CHECK are refused as invalid. */
export const PaymentMethodKindEnum = identity(RECORDED_METHOD_KINDS);
export const PayableKindEnum = identity(PAYABLE_KINDS);

registerEnumType(LocaleEnum, { name: 'Locale', description: 'A language the platform speaks.' });
registerEnumType(CardBrandEnum, { name: 'CardBrand' });
registerEnumType(PaymentMethodKindEnum, {
  name: 'PaymentMethodKind',
  description:
    "A card, or a bank account (electronic check); CASH and CHECK are counter payments staff record at the city's office (recordCounterPayment), never accepted online (autopay, saved methods, methodsAllowedOnline).",
});
registerEnumType(PayableKindEnum, { name: 'PayableKind', description: 'What is being paid: a utility bill, a citation, or another city charge.' });
