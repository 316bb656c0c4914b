import type { CardBrand } from './card-checks';

/*
 * What the hosted form says, in English and Spanish. The form belongs to the
 * processor, not to the platform, so its words live here rather than in the
 * platform's catalogue, as a real processor's hosted form carries its own.
 * `{brand}` is replaced by the brand's name.
 */

export type FormLanguage = 'en' | 'es';

export interface FormMessages {
  readonly cardTitle: string;
  readonly bankTitle: string;
  readonly numberLabel: string;
  readonly expiryLabel: string;
  readonly expiryPlaceholder: string;
  readonly cvcLabel: string;
  readonly cvcHint3: string;
  readonly cvcHint4: string;
  readonly postalCodeLabel: string;
  readonly cardHolderLabel: string;
  readonly routingNumberLabel: string;
  readonly accountNumberLabel: string;
  readonly accountTypeLegend: string;
  readonly checking: string;
  readonly savings: string;
  readonly bankHolderLabel: string;
  readonly numberMissing: string;
  readonly numberInvalid: string;
  readonly brandUnsupported: string;
  readonly brandRefused: string;
  readonly expiryInvalid: string;
  readonly cardExpired: string;
  readonly cvcInvalid3: string;
  readonly cvcInvalid4: string;
  readonly postalCodeInvalid: string;
  readonly cardHolderMissing: string;
  readonly routingNumberInvalid: string;
  readonly accountNumberInvalid: string;
  readonly accountTypeMissing: string;
  readonly bankHolderMissing: string;
  readonly tokenizeFailed: string;
}

export const BRAND_NAMES: Readonly<Record<CardBrand, string>> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMERICAN_EXPRESS: 'American Express',
  DISCOVER: 'Discover',
};

export const FORM_MESSAGES: Readonly<Record<FormLanguage, FormMessages>> = {
  en: {
    cardTitle: 'Card details',
    bankTitle: 'Bank account details',
    numberLabel: 'Card number',
    expiryLabel: 'Expiration date (MM/YY)',
    expiryPlaceholder: 'MM/YY',
    cvcLabel: 'Security code',
    cvcHint3: '3 digits on the back of the card',
    cvcHint4: '4 digits on the front of the card',
    postalCodeLabel: 'Billing ZIP code',
    cardHolderLabel: 'Name on card',
    routingNumberLabel: 'Routing number',
    accountNumberLabel: 'Account number',
    accountTypeLegend: 'Account type',
    checking: 'Checking',
    savings: 'Savings',
    bankHolderLabel: 'Account holder name',
    numberMissing: 'Enter the card number.',
    numberInvalid: 'This card number is not valid. Check the digits.',
    brandUnsupported: 'Only Visa, Mastercard, American Express and Discover cards can be used.',
    brandRefused: '{brand} is not accepted.',
    expiryInvalid: 'Enter the expiration date as MM/YY.',
    cardExpired: 'This card has expired.',
    cvcInvalid3: 'Enter the 3-digit security code.',
    cvcInvalid4: 'Enter the 4-digit security code.',
    postalCodeInvalid: 'Enter the 5-digit billing ZIP code.',
    cardHolderMissing: 'Enter the name on the card.',
    routingNumberInvalid: 'Enter the 9-digit routing number from the bottom of a check.',
    accountNumberInvalid: 'Enter the account number: 4 to 17 digits.',
    accountTypeMissing: 'Choose checking or savings.',
    bankHolderMissing: 'Enter the account holder’s name.',
    tokenizeFailed: 'Your payment details could not be checked. Try again.',
  },
  es: {
    cardTitle: 'Datos de la tarjeta',
    bankTitle: 'Datos de la cuenta bancaria',
    numberLabel: 'Número de tarjeta',
    expiryLabel: 'Fecha de vencimiento (MM/AA)',
    expiryPlaceholder: 'MM/AA',
    cvcLabel: 'Código de seguridad',
    cvcHint3: '3 dígitos al reverso de la tarjeta',
    cvcHint4: '4 dígitos al frente de la tarjeta',
    postalCodeLabel: 'Código postal de facturación',
    cardHolderLabel: 'Nombre en la tarjeta',
    routingNumberLabel: 'Número de ruta bancaria',
    accountNumberLabel: 'Número de cuenta',
    accountTypeLegend: 'Tipo de cuenta',
    checking: 'Corriente',
    savings: 'Ahorros',
    bankHolderLabel: 'Nombre del titular de la cuenta',
    numberMissing: 'Ingrese el número de tarjeta.',
    numberInvalid: 'Este número de tarjeta no es válido. Revise los dígitos.',
    brandUnsupported: 'Solo se pueden usar tarjetas Visa, Mastercard, American Express y Discover.',
    brandRefused: 'No se acepta {brand}.',
    expiryInvalid: 'Ingrese la fecha de vencimiento como MM/AA.',
    cardExpired: 'Esta tarjeta está vencida.',
    cvcInvalid3: 'Ingrese el código de seguridad de 3 dígitos.',
    cvcInvalid4: 'Ingrese el código de seguridad de 4 dígitos.',
    postalCodeInvalid: 'Ingrese el código postal de facturación de 5 dígitos.',
    cardHolderMissing: 'Ingrese el nombre que aparece en la tarjeta.',
    routingNumberInvalid: 'Ingrese el número de ruta de 9 dígitos que aparece al pie de un cheque.',
    accountNumberInvalid: 'Ingrese el número de cuenta: de 4 a 17 dígitos.',
    accountTypeMissing: 'Elija corriente o ahorros.',
    bankHolderMissing: 'Ingrese el nombre del titular de la cuenta.',
    tokenizeFailed: 'No se pudieron verificar sus datos de pago. Inténtelo de nuevo.',
  },
};
