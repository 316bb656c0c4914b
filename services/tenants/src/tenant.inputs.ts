import { CardBrandEnum, LocaleEnum, PayableKindEnum, PaymentMethodKindEnum } from '@platform/api';
import type { CardBrand, Locale, PayableKind, PaymentMethodKind } from '@platform/core';
import { Field, InputType, Int } from 'type-graphql';
import type { ConvenienceFeeKind, LinkProof, SignInIdentifier, VerificationMode, Weekday } from './tenant-settings';
import { MAX_SUPPORT_HOURS } from './tenant-settings.schema';
import { ALLOWED_ORIGINS_DESCRIPTION, ConvenienceFeeKindEnum, LinkProofEnum, SignInIdentifierEnum, VerificationModeEnum, WeekdayEnum } from './tenant.types';

/*
 * Operator inputs for a city's settings. Every group and field is optional:
 * on create, what is missing takes the platform default; on update, what is
 * missing stays as it is. Amounts are dollars as exact decimal strings ("2.50").
 */

@InputType('LocalizedTextInput')
export class LocalizedTextInput {
  @Field(() => LocaleEnum) locale: Locale;
  @Field() text: string;
}

@InputType('BrandingInput')
export class BrandingInput {
  @Field(() => String, { nullable: true, description: 'https:// address or a path on this server.' }) logoUrl?: string | null;
  @Field({ nullable: true }) primaryColor?: string;
  @Field({ nullable: true }) accentColor?: string;
}

@InputType('SupportHoursInput')
export class SupportHoursInput {
  @Field(() => [WeekdayEnum], { description: 'Each day once; a day in two entries at hours that overlap is refused.' }) days: Weekday[];
  @Field() opens: string;
  @Field() closes: string;
}

@InputType('PostalAddressInput')
export class PostalAddressInput {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2?: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
  @Field({ nullable: true }) country?: string;
}

@InputType('TenantContactInput')
export class TenantContactInput {
  @Field(() => String, { nullable: true }) customerServicePhone?: string | null;
  @Field(() => String, { nullable: true }) payByPhoneNumber?: string | null;
  @Field(() => [SupportHoursInput], { nullable: true, description: `At most ${MAX_SUPPORT_HOURS} entries; a day may have more than one (an office closed for lunch).` })
  supportHours?: SupportHoursInput[];
  @Field(() => PostalAddressInput, { nullable: true }) officeAddress?: PostalAddressInput | null;
  @Field(() => String, { nullable: true }) websiteUrl?: string | null;
}

@InputType('ConvenienceFeeInput')
export class ConvenienceFeeInput {
  @Field(() => ConvenienceFeeKindEnum) kind: ConvenienceFeeKind;
  @Field(() => String, { nullable: true, description: 'For FLAT: dollars, e.g. "2.50"; more than zero (NONE is no fee).' }) amount?: string | null;
  @Field(() => Int, { nullable: true, description: 'For PERCENT: basis points, e.g. 295 for 2.95%; more than zero.' }) percentBasisPoints?: number | null;
  @Field(() => String, { nullable: true, description: 'For PERCENT only: the smallest fee, in dollars.' }) minimum?: string | null;
}

@InputType('PaymentRulesInput')
export class PaymentRulesInput {
  @Field(() => [CardBrandEnum], { nullable: true }) acceptedCardBrands?: CardBrand[];
  @Field({ nullable: true }) echeckAccepted?: boolean;
  @Field(() => ConvenienceFeeInput, { nullable: true }) convenienceFee?: ConvenienceFeeInput;
  @Field({ nullable: true, description: 'Dollars.' }) maxPaymentAmount?: string;
  @Field({ nullable: true, description: 'Dollars, at most 50.00; charged when an e-check or a counter check comes back returned. "0": none.' }) returnedPaymentFee?: string;
  @Field({ nullable: true, description: "Dollars: the most one SUPPORT clerk may refund in a day of the city's calendar; 0 leaves refunds to an ADMIN." })
  supportDailyRefundLimit?: string;
  @Field({ nullable: true, description: "Dollars: a refund or void at or above it waits for a second ADMIN's approval; 0: every one does." })
  refundApprovalThreshold?: string;
  @Field(() => Int, { nullable: true, description: 'Days (1 to 90) a refund or void may await approval before it expires unanswered; default 7.' }) approvalExpiryDays?: number;
  @Field({ nullable: true, description: 'HH:MM local; "00:00" is midnight.' }) postingCutoffLocalTime?: string;
  @Field(() => Int, { nullable: true }) postingLagDays?: number;
  @Field({ nullable: true }) postingBusinessDaysOnly?: boolean;
  @Field(() => [String], { nullable: true, description: 'YYYY-MM-DD days the city closes besides US federal bank holidays.' }) postingHolidays?: string[];
  @Field({ nullable: true, description: 'Whether an account may be paid beyond what it owes, into credit.' }) accountCreditAllowed?: boolean;
  @Field({ nullable: true, description: "Whether staff may record cash and check payments taken at the city's office (recordCounterPayment)." }) counterPaymentsAccepted?: boolean;
  @Field(() => VerificationModeEnum, { nullable: true }) verificationMode?: VerificationMode;
  @Field(() => [PayableKindEnum], { nullable: true }) payableKinds?: PayableKind[];
}

@InputType('AutopayRulesInput')
export class AutopayRulesInput {
  @Field(() => Int, { nullable: true, description: 'Day of month autopay deducts, 1-31; a month without that day deducts on its last day (31 is every month’s end).' }) deductionDay?: number;
  @Field(() => [PaymentMethodKindEnum], { nullable: true }) methodsAllowedOnline?: PaymentMethodKind[];
  @Field(() => Int, { nullable: true }) reminderDaysBefore?: number;
  @Field(() => [Int], { nullable: true }) retryAfterDays?: number[];
}

@InputType('DisconnectionRulesInput')
export class DisconnectionRulesInput {
  @Field(() => Int, { nullable: true }) daysPastDue?: number;
  @Field({ nullable: true, description: 'Dollars.' }) minimumPastDueAmount?: string;
}

@InputType('AccountLinkingRulesInput')
export class AccountLinkingRulesInput {
  @Field(() => LinkProofEnum, { nullable: true }) proof?: LinkProof;
}

@InputType('PaperlessRulesInput')
export class PaperlessRulesInput {
  @Field(() => Boolean, { nullable: true, description: 'Offer paperless billing to residents; false keeps their choices but prints every account.' }) offered?: boolean;
}

@InputType('TenantEmailInput')
export class TenantEmailInput {
  @Field(() => String, { nullable: true, description: "Sender name; null for the city's name." }) fromName?: string | null;
  @Field(() => String, { nullable: true, description: "Sender address; null for the platform's. The platform's mail server must be allowed to send for its domain (SPF, DKIM)." })
  fromAddress?: string | null;
  @Field(() => String, { nullable: true, description: "Where replies go, e.g. the billing office's mailbox." }) replyTo?: string | null;
}

@InputType('TenantSmsInput')
export class TenantSmsInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The city's own Twilio Messaging Service SID (MG followed by 32 hex digits, of the platform's Twilio account); null for the platform's (TWILIO_MESSAGING_SERVICE_SID). A STOP ends every text of the Messaging Service it answers: cities sharing one share their residents' STOPs.",
  })
  messagingServiceSid?: string | null;
}

@InputType('UpdateTenantInput')
export class UpdateTenantInput {
  @Field({ nullable: true, description: 'Up to 120 characters; said in every language nameByLocale gives none for.' }) name?: string;
  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description:
      'The city’s name in other languages, each language once, up to 120 characters each, e.g. [{ locale: ES, text: "Ciudad de Norwalk" }]: its pages, emails, texts and phone line in that language say it. Replaced as a whole on update; [] for none.',
  })
  nameByLocale?: LocalizedTextInput[];
  @Field(() => String, { nullable: true, description: 'Up to 120 characters; shown in every language departmentByLocale gives none for.' }) department?: string | null;
  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description:
      'The department in other languages, each language once, up to 120 characters each, e.g. [{ locale: ES, text: "División de Facturación de Agua" }]. Replaced as a whole on update; [] for none.',
  })
  departmentByLocale?: LocalizedTextInput[];
  @Field({ nullable: true, description: 'IANA time zone.' }) timezone?: string;
  @Field(() => [LocaleEnum], { nullable: true }) locales?: Locale[];
  @Field(() => LocaleEnum, { nullable: true }) defaultLocale?: Locale;
  @Field(() => SignInIdentifierEnum, { nullable: true }) signInIdentifier?: SignInIdentifier;
  @Field(() => String, {
    nullable: true,
    description: 'An account number written as the city’s bills print theirs, made up (no account’s: pages show it to everyone), up to 40 characters, e.g. "10-2345-00"; null for none.',
  })
  accountNumberExample?: string | null;
  @Field(() => BrandingInput, { nullable: true }) branding?: BrandingInput;
  @Field(() => TenantContactInput, { nullable: true }) contact?: TenantContactInput;
  @Field(() => PaymentRulesInput, { nullable: true }) paymentRules?: PaymentRulesInput;
  @Field(() => AutopayRulesInput, { nullable: true }) autopayRules?: AutopayRulesInput;
  @Field(() => DisconnectionRulesInput, { nullable: true }) disconnectionRules?: DisconnectionRulesInput;
  @Field(() => AccountLinkingRulesInput, { nullable: true }) accountLinking?: AccountLinkingRulesInput;
  @Field(() => PaperlessRulesInput, { nullable: true }) paperless?: PaperlessRulesInput;
  @Field(() => [String], { nullable: true, description: ALLOWED_ORIGINS_DESCRIPTION }) allowedOrigins?: string[];
  @Field(() => TenantEmailInput, { nullable: true }) email?: TenantEmailInput;
  @Field(() => TenantSmsInput, { nullable: true }) sms?: TenantSmsInput;
}

@InputType('CreateTenantInput')
export class CreateTenantInput extends UpdateTenantInput {
  @Field({ description: '2-40 lowercase letters, digits and single hyphens; used in x-tenant and host names.' }) slug: string;
  @Field() declare name: string;
  @Field({ description: 'IANA time zone, e.g. "America/Chicago".' }) declare timezone: string;
}
