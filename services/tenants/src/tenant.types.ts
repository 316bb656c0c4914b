import { CardBrandEnum, LocaleEnum, MoneyType, PayableKindEnum, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import { brandColours, money, type CardBrand, type Locale, type PayableKind, type PaymentMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { describeConvenienceFee } from './convenience-fee';
import { describePostingPolicy } from './posting-policy';
import {
  CONVENIENCE_FEE_KINDS,
  LINK_PROOFS,
  SIGN_IN_IDENTIFIERS,
  VERIFICATION_MODES,
  WEEKDAYS,
  localizedTexts,
  type ConvenienceFeeKind,
  type LinkProof,
  type SignInIdentifier,
  type VerificationMode,
  type Weekday,
} from './tenant-settings';
import type { Tenant } from './tenant';

/** One text for the setting and its input: what CORS does with it. */
export const ALLOWED_ORIGINS_DESCRIPTION =
  'Web origins whose pages may call this API from a browser (CORS), e.g. "https://pay.example.gov": scheme https (or, outside production, http), host, optional port; no path, no trailing slash, no wildcard (list each origin). The city\'s own host never needs listing. A browser request from any other origin gets no CORS headers (a preflight gets 403), and a browser WebSocket from one is closed with 4403. An origin a city lists opens only that city: requests naming another city are refused. Up to 50; replaced as a whole on update.';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const WeekdayEnum = asEnum(WEEKDAYS);
export const VerificationModeEnum = asEnum(VERIFICATION_MODES);
export const SignInIdentifierEnum = asEnum(SIGN_IN_IDENTIFIERS);
export const ConvenienceFeeKindEnum = asEnum(CONVENIENCE_FEE_KINDS);
export const LinkProofEnum = asEnum(LINK_PROOFS);
registerEnumType(WeekdayEnum, { name: 'Weekday' });
registerEnumType(VerificationModeEnum, {
  name: 'VerificationMode',
  description: 'What a payer must give to reach an account: the number alone, or also the last payment amount.',
});
registerEnumType(SignInIdentifierEnum, { name: 'SignInIdentifier', description: 'What residents sign in with.' });
registerEnumType(ConvenienceFeeKindEnum, { name: 'ConvenienceFeeKind' });
registerEnumType(LinkProofEnum, {
  name: 'LinkProof',
  description: 'What linkServiceAccount asks for besides the account number: the latest bill amount, the last payment amount, or the house number of the service address.',
});

@ObjectType('LocalizedText', { description: 'A text in one language.' })
export class LocalizedTextType {
  @Field(() => LocaleEnum) locale: Locale;
  @Field() text: string;
}

@ObjectType('BrandColours', {
  description:
    'The city’s colours as its pages and emails paint them: each text colour reads at 4.5:1 or more (WCAG 2.1 AA) on its background; a configured colour text would not read on is darkened, same hue, until it does. Front ends should paint with these, not the configured colours.',
})
export class BrandColoursType {
  @Field({ description: 'Headers’ background (#RRGGBB).' }) primary: string;
  @Field({ description: 'Text on `primary`: white or near-black.' }) onPrimary: string;
  @Field({ description: 'Links and headings in the city’s colour, on white or light grey (#f4f5f7).' }) primaryText: string;
  @Field({ description: 'Buttons’ background (#RRGGBB).' }) accent: string;
  @Field({ description: 'Text on `accent`: white or near-black.' }) onAccent: string;
}

@ObjectType('Branding')
export class BrandingType {
  @Field(() => String, { nullable: true }) logoUrl: string | null;
  @Field({ description: '#RRGGBB, as configured.' }) primaryColor: string;
  @Field({ description: '#RRGGBB, as configured.' }) accentColor: string;
  @Field(() => BrandColoursType) colours: BrandColoursType;
}

@ObjectType('SupportHours', { description: 'Opening hours in the city’s local time.' })
export class SupportHoursType {
  @Field(() => [WeekdayEnum]) days: Weekday[];
  @Field({ description: 'HH:MM, 24-hour, local time.' }) opens: string;
  @Field({ description: 'HH:MM, 24-hour, local time; 24:00 is the end of the day.' }) closes: string;
}

@ObjectType('PostalAddress')
export class PostalAddressType {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
  @Field({ description: 'ISO 3166-1 alpha-2.' }) country: string;
}

@ObjectType('TenantContact')
export class TenantContactType {
  @Field(() => String, { nullable: true }) customerServicePhone: string | null;
  @Field(() => String, { nullable: true, description: 'Interactive voice response line for paying by phone.' }) payByPhoneNumber: string | null;
  @Field(() => [SupportHoursType]) supportHours: SupportHoursType[];
  @Field(() => PostalAddressType, { nullable: true, description: 'Walk-in office.' }) officeAddress: PostalAddressType | null;
  @Field(() => String, { nullable: true }) websiteUrl: string | null;
}

@ObjectType('ConvenienceFee', { description: 'What a payer is charged on top of the payment, shown before they confirm.' })
export class ConvenienceFeeType {
  @Field(() => ConvenienceFeeKindEnum) kind: ConvenienceFeeKind;
  @Field(() => MoneyType, { nullable: true, description: 'For FLAT.' }) flatAmount: MoneyType | null;
  @Field(() => Int, { nullable: true, description: 'For PERCENT, in basis points (295 = 2.95%).' }) percentBasisPoints: number | null;
  @Field(() => MoneyType, { nullable: true, description: 'For PERCENT, the smallest fee charged.' }) minimum: MoneyType | null;
  @Field({ description: "The policy in the request's language." }) description: string;
}

@ObjectType('PostingPolicy', { description: 'When a payment reaches the account.' })
export class PostingPolicyType {
  @Field({ description: 'Local time after which a payment counts as made the next day; "00:00" is midnight.' }) cutoffLocalTime: string;
  @Field(() => Int) lagDays: number;
  @Field({ description: 'Counted in business days: Monday to Friday, except US federal bank holidays and cityHolidays.' }) businessDaysOnly: boolean;
  @Field(() => [LocalDateResolver], { description: 'Days the city closes besides US federal bank holidays.' }) cityHolidays: string[];
  @Field({ description: 'The rule in the request\'s language, e.g. "Payments made before midnight (Pacific Time) post to your account the next day; ..."' })
  description: string;
}

@ObjectType('PaymentRules')
export class PaymentRulesType {
  @Field(() => [CardBrandEnum]) acceptedCardBrands: CardBrand[];
  @Field() echeckAccepted: boolean;
  @Field(() => ConvenienceFeeType) convenienceFee: ConvenienceFeeType;
  @Field(() => MoneyType, { description: 'Largest single payment accepted.' }) maxPaymentAmount: MoneyType;
  @Field(() => MoneyType, { description: "Fee added to the account (once per return) when the payer's bank sends a payment back: an e-check, or a paper check taken at the counter. Zero: none." })
  returnedPaymentFee: MoneyType;
  @Field(() => MoneyType, { description: "The most one SUPPORT clerk may refund in a day of the city's calendar; an ADMIN has no limit. Zero leaves every refund to an ADMIN." })
  supportDailyRefundLimit: MoneyType;
  @Field(() => MoneyType, {
    description:
      "A refund or void of a card or e-check payment at or above this (a refund counted with what the payment has had given back already) waits for a second ADMIN's approval (approveGivingBack) before anything moves. Zero: every one does.",
  })
  refundApprovalThreshold: MoneyType;
  @Field(() => Int, { description: 'Days a refund or void may await approval before it expires unanswered (GivingBackApprovalStatus EXPIRED; nothing sent). Default 7.' })
  approvalExpiryDays: number;
  @Field(() => PostingPolicyType) posting: PostingPolicyType;
  @Field(() => VerificationModeEnum) verificationMode: VerificationMode;
  @Field(() => [PayableKindEnum]) payableKinds: PayableKind[];
  @Field({ description: 'Whether a payment to an account may exceed what it owes, leaving a credit. A payment to one payable never exceeds what it still owes.' })
  accountCreditAllowed: boolean;
  @Field({ description: "Whether staff record cash and check payments taken in person at the city's office (recordCounterPayment)." }) counterPaymentsAccepted: boolean;
}

@ObjectType('AutopayRules')
export class AutopayRulesType {
  @Field(() => Int, { description: 'Day of month (1-31) autopay deducts, in the city’s time zone; in a month without that day, its last day (31 is every month’s end).' }) deductionDay: number;
  @Field(() => [PaymentMethodKindEnum], { description: 'Methods a resident may enrol online; others need the paper form.' })
  methodsAllowedOnline: PaymentMethodKind[];
  @Field(() => Int) reminderDaysBefore: number;
  @Field(() => [Int], { description: 'Days after a declined deduction on which it is retried.' }) retryAfterDays: number[];
}

@ObjectType('DisconnectionRules')
export class DisconnectionRulesType {
  @Field(() => Int) daysPastDue: number;
  @Field(() => MoneyType) minimumPastDueAmount: MoneyType;
}

@ObjectType('AccountLinkingRules')
export class AccountLinkingRulesType {
  @Field(() => LinkProofEnum, { description: 'Which field of LinkServiceAccountInput the city asks for besides the number.' }) proof: LinkProof;
}

@ObjectType('PaperlessRules')
export class PaperlessRulesType {
  @Field({
    description:
      'Whether residents are offered paperless billing (ServiceAccount.paperless): false, the offer is withdrawn, and the choices residents made are kept but not in force: every account is printed.',
  })
  offered: boolean;
}

@ObjectType('TenantEmail', { description: "How the city's emails are signed." })
export class TenantEmailType {
  @Field({ description: "Sender name; the city's name unless set." }) fromName: string;
  @Field(() => String, { nullable: true, description: "Sender address; null: the platform's (NOTIFICATION_FROM_ADDRESS)." }) fromAddress: string | null;
  @Field(() => String, { nullable: true, description: "Where replies go (the billing office's mailbox); none unless set." }) replyTo: string | null;
}

@ObjectType('TenantSms', { description: "How the city's texts are sent." })
export class TenantSmsType {
  @Field(() => String, { nullable: true, description: "The city's own Twilio Messaging Service SID; null: the platform's." }) messagingServiceSid: string | null;
}

@ObjectType('Tenant', { description: 'A city: its public configuration, everything a front end needs to brand itself and explain the rules.' })
export class TenantType {
  @Field({ description: 'The city code, used in the x-tenant header and host name.' }) slug: string;
  @Field({ description: 'Display name, e.g. "City of Norwalk": in every language nameByLocale gives none for.' }) name: string;
  @Field(() => [LocalizedTextType], {
    description: 'The name in other languages, e.g. [{ locale: ES, text: "Ciudad de Norwalk" }]; a page in a language listed here shows its text, in any other `name`.',
  })
  nameByLocale: LocalizedTextType[];
  @Field(() => String, {
    nullable: true,
    description: 'The department that bills, e.g. "Water Billing Division": in every language departmentByLocale gives none for.',
  })
  department: string | null;
  @Field(() => [LocalizedTextType], {
    description: 'The department in other languages, e.g. [{ locale: ES, text: "División de Facturación de Agua" }]; a page in a language listed here shows its text, in any other `department`.',
  })
  departmentByLocale: LocalizedTextType[];
  @Field({ description: 'IANA time zone, e.g. "America/Los_Angeles".' }) timezone: string;
  @Field(() => [LocaleEnum]) locales: Locale[];
  @Field(() => LocaleEnum) defaultLocale: Locale;
  @Field(() => BrandingType) branding: BrandingType;
  @Field(() => TenantContactType) contact: TenantContactType;
  @Field(() => SignInIdentifierEnum) signInIdentifier: SignInIdentifier;
  @Field(() => String, {
    nullable: true,
    description: 'A made-up account number written as the city’s bills print theirs, e.g. "10-2345-00": pages show it as an example of the format. Null: the city gives none.',
  })
  accountNumberExample: string | null;
  @Field(() => PaymentRulesType) paymentRules: PaymentRulesType;
  @Field(() => AutopayRulesType) autopayRules: AutopayRulesType;
  @Field(() => DisconnectionRulesType) disconnectionRules: DisconnectionRulesType;
  @Field(() => AccountLinkingRulesType) accountLinking: AccountLinkingRulesType;
  @Field(() => PaperlessRulesType) paperless: PaperlessRulesType;
  @Field(() => [String], { description: ALLOWED_ORIGINS_DESCRIPTION }) allowedOrigins: string[];
  @Field(() => TenantEmailType) email: TenantEmailType;
  @Field(() => TenantSmsType) sms: TenantSmsType;
}

@ObjectType('TenantPayload')
export class TenantPayloadType {
  @Field(() => TenantType, { nullable: true, description: 'The city as saved; null when there are user errors.' }) tenant: TenantType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

const cents = (value: string) => new MoneyType(money(BigInt(value)));

/*
 * Views already built, per city object and language: the gateway's registry
 * hands every request the same Tenant until the city changes (then a new
 * one), and `{ tenant { ... } }` is on nearly every page, so its sentences
 * are written once. Views are only read (GraphQL serializes them); a city
 * read afresh from the table gets a view of its own.
 */
const views = new WeakMap<Tenant, Map<Locale, TenantType>>();

/** The GraphQL view of a tenant; sentences are written in the request's language. Shared: do not change it. */
export function toTenantType(tenant: Tenant, locale: Locale): TenantType {
  let byLocale = views.get(tenant);
  if (!byLocale) views.set(tenant, (byLocale = new Map<Locale, TenantType>()));
  let view = byLocale.get(locale);
  if (!view) byLocale.set(locale, (view = buildTenantType(tenant, locale)));
  return view;
}

function buildTenantType(tenant: Tenant, locale: Locale): TenantType {
  const s = tenant.settings;
  const fee = s.paymentRules.convenienceFee;
  return {
    slug: tenant.slug,
    name: s.displayName,
    nameByLocale: localizedTexts(s.nameByLocale),
    department: s.department,
    departmentByLocale: localizedTexts(s.departmentByLocale),
    timezone: s.timeZone,
    locales: [...s.locales],
    defaultLocale: s.defaultLocale,
    branding: { ...s.branding, colours: brandColours(s.branding) },
    contact: {
      ...s.contact,
      supportHours: s.contact.supportHours.map((h) => ({ ...h, days: [...h.days] })),
      officeAddress: s.contact.officeAddress ? { ...s.contact.officeAddress } : null,
    },
    signInIdentifier: s.signInIdentifier,
    accountNumberExample: s.accountNumberExample,
    paymentRules: {
      acceptedCardBrands: [...s.paymentRules.acceptedCardBrands],
      echeckAccepted: s.paymentRules.echeckAccepted,
      convenienceFee: {
        kind: fee.kind,
        flatAmount: fee.kind === 'FLAT' ? cents(fee.amountCents) : null,
        percentBasisPoints: fee.kind === 'PERCENT' ? fee.basisPoints : null,
        minimum: fee.kind === 'PERCENT' ? cents(fee.minimumCents) : null,
        description: describeConvenienceFee(fee, locale),
      },
      maxPaymentAmount: cents(s.paymentRules.maxPaymentCents),
      returnedPaymentFee: cents(s.paymentRules.returnedPaymentFeeCents),
      supportDailyRefundLimit: cents(s.paymentRules.supportDailyRefundLimitCents),
      refundApprovalThreshold: cents(s.paymentRules.refundApprovalThresholdCents),
      approvalExpiryDays: s.paymentRules.approvalExpiryDays,
      posting: {
        cutoffLocalTime: s.paymentRules.postingCutoffLocalTime,
        lagDays: s.paymentRules.postingLagDays,
        businessDaysOnly: s.paymentRules.postingBusinessDaysOnly,
        cityHolidays: [...s.paymentRules.postingHolidays],
        description: describePostingPolicy(s, locale),
      },
      verificationMode: s.paymentRules.verificationMode,
      payableKinds: [...s.paymentRules.payableKinds],
      accountCreditAllowed: s.paymentRules.accountCreditAllowed,
      counterPaymentsAccepted: s.paymentRules.counterPaymentsAccepted,
    },
    autopayRules: {
      deductionDay: s.autopayRules.deductionDay,
      methodsAllowedOnline: [...s.autopayRules.methodsAllowedOnline],
      reminderDaysBefore: s.autopayRules.reminderDaysBefore,
      retryAfterDays: [...s.autopayRules.retryAfterDays],
    },
    disconnectionRules: { daysPastDue: s.disconnectionRules.daysPastDue, minimumPastDueAmount: cents(s.disconnectionRules.minimumPastDueCents) },
    accountLinking: { proof: s.accountLinking.proof },
    paperless: { offered: s.paperless.offered },
    allowedOrigins: [...s.allowedOrigins],
    email: { fromName: s.email.fromName ?? s.displayName, fromAddress: s.email.fromAddress, replyTo: s.email.replyTo },
    sms: { messagingServiceSid: s.sms.messagingServiceSid },
  };
}
