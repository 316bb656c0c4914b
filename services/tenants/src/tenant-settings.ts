import { SUPPORTED_LOCALES, type CardBrand, type Locale, type PayableKind, type PaymentMethodKind } from '@platform/core';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const VERIFICATION_MODES = ['ACCOUNT_NUMBER', 'ACCOUNT_NUMBER_AND_LAST_PAYMENT'] as const;
/** What a payer must know to reach an account: the number alone, or also the last payment's amount. */
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

export const LINK_PROOFS = ['LATEST_BILL_AMOUNT', 'LAST_PAYMENT_AMOUNT', 'SERVICE_HOUSE_NUMBER'] as const;
/**
 * What a signed-in resident must know, besides the account number, to link an
 * account (and so see its holder's name and address): something printed on
 * the bill or known to the household, never the number alone. Where the
 * number alone lets a guest see what is owed and pay (verificationMode
 * ACCOUNT_NUMBER), an amount proves nothing: the amount due is most months
 * the latest bill, and a guest who pays $1 knows the last payment. There only
 * SERVICE_HOUSE_NUMBER is taken.
 */
export type LinkProof = (typeof LINK_PROOFS)[number];

export const SIGN_IN_IDENTIFIERS = ['EMAIL', 'USERNAME'] as const;
export type SignInIdentifier = (typeof SIGN_IN_IDENTIFIERS)[number];

export const CONVENIENCE_FEE_KINDS = ['NONE', 'FLAT', 'PERCENT'] as const;
export type ConvenienceFeeKind = (typeof CONVENIENCE_FEE_KINDS)[number];

/** Opening hours on some weekdays, local wall-clock "HH:MM". */
interface SupportHours {
  readonly days: readonly Weekday[];
  readonly opens: string;
  readonly closes: string;
}

interface PostalAddress {
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly country: string;
}

/**
 * Money inside settings is integer cents written as a decimal-integer string
 * ("250" = $2.50): exact in JSON, and never a float on the way in or out.
 */
type CentsString = string;

export type ConvenienceFee =
  { readonly kind: 'NONE' } | { readonly kind: 'FLAT'; readonly amountCents: CentsString } | { readonly kind: 'PERCENT'; readonly basisPoints: number; readonly minimumCents: CentsString };

/** The city's name as said in `locale`: its `nameByLocale` text there, else `displayName`. */
export function cityName(settings: Pick<TenantSettings, 'displayName' | 'nameByLocale'>, locale: Locale): string {
  return settings.nameByLocale[locale] ?? settings.displayName;
}

/** Everything a city configures; stored with the tenant and validated on every write. */
export interface TenantSettings {
  readonly displayName: string;
  /** The city's name in other languages, by language (`{ es: "Ciudad de Norwalk" }`); `displayName` in any other. */
  readonly nameByLocale: Readonly<Partial<Record<Locale, string>>>;
  /** The department's name, shown in every language `departmentByLocale` gives none for. */
  readonly department: string | null;
  /** The department's name in other languages, by language (`{ es: "División de Facturación de Agua" }`). */
  readonly departmentByLocale: Readonly<Partial<Record<Locale, string>>>;
  readonly timeZone: string;
  readonly locales: readonly Locale[];
  readonly defaultLocale: Locale;
  readonly branding: {
    readonly logoUrl: string | null;
    readonly primaryColor: string;
    readonly accentColor: string;
  };
  readonly contact: {
    readonly customerServicePhone: string | null;
    readonly payByPhoneNumber: string | null;
    readonly supportHours: readonly SupportHours[];
    readonly officeAddress: PostalAddress | null;
    readonly websiteUrl: string | null;
  };
  readonly signInIdentifier: SignInIdentifier;
  /**
   * An account number written as the city's bills print theirs ("10-2345-00"), made up (no account's): pages show it
   * as an example under the account number's field, so each city's payers see their own format. Null: no example.
   */
  readonly accountNumberExample: string | null;
  readonly paymentRules: {
    readonly acceptedCardBrands: readonly CardBrand[];
    readonly echeckAccepted: boolean;
    readonly convenienceFee: ConvenienceFee;
    readonly maxPaymentCents: CentsString;
    readonly returnedPaymentFeeCents: CentsString;
    /**
     * The most one SUPPORT clerk may refund in a day of the city's calendar (ADMIN: no limit); 0 leaves every refund
     * to an administrator. Keeps a stolen or rogue clerk's sign-in from sending a day's takings back onto cards.
     */
    readonly supportDailyRefundLimitCents: CentsString;
    /**
     * A refund or void (of a card or e-check) at or above this many cents needs a second ADMIN's approval before it is
     * made; a refund counts with what the payment has already had given back, so it cannot be split under it. 0: every
     * one needs approval. Default $2,500.00.
     */
    readonly refundApprovalThresholdCents: CentsString;
    /**
     * Days a refund or void may await a second ADMIN before it expires unanswered (EXPIRED; nothing sent): a request
     * filed against a payment as it was weeks ago is not carried out on one whose circumstances changed. Default 7.
     */
    readonly approvalExpiryDays: number;
    /** Local wall-clock time after which a payment counts as made the next day; "00:00" is midnight. */
    readonly postingCutoffLocalTime: string;
    /** Days from the (cutoff-adjusted) payment day to the posting day. */
    readonly postingLagDays: number;
    readonly postingBusinessDaysOnly: boolean;
    /** Days (YYYY-MM-DD) the city closes besides the US federal bank holidays; business-day posting skips both. */
    readonly postingHolidays: readonly string[];
    /** Whether a payment to an account (not to one payable) may exceed what it owes, leaving a credit. */
    readonly accountCreditAllowed: boolean;
    /** Whether staff record cash and check payments taken in person at the city's office (recordCounterPayment). */
    readonly counterPaymentsAccepted: boolean;
    readonly verificationMode: VerificationMode;
    readonly payableKinds: readonly PayableKind[];
  };
  readonly autopayRules: {
    /** Day of month, 1-31; a month without that day deducts on its last day (29, 30 and 31 all mean the end of February). */
    readonly deductionDay: number;
    readonly methodsAllowedOnline: readonly PaymentMethodKind[];
    readonly reminderDaysBefore: number;
    /** Days after a declined deduction to retry, increasing; after the last, the enrolment is suspended. */
    readonly retryAfterDays: readonly number[];
  };
  readonly disconnectionRules: {
    readonly daysPastDue: number;
    readonly minimumPastDueCents: CentsString;
  };
  readonly accountLinking: {
    readonly proof: LinkProof;
  };
  /**
   * Paperless billing: whether residents are offered to stop the paper bill of an account they hold (its bills then
   * come by email only). Off: not offered, and the choices made are kept but not in force (every account is printed).
   */
  readonly paperless: {
    readonly offered: boolean;
  };
  /**
   * Web origins (`https://pay.example.gov`) whose pages may call the API from
   * a browser (CORS), in normal form; the city's own host never needs listing.
   */
  readonly allowedOrigins: readonly string[];
  /** How the city's emails are signed; null fields take the platform's (the city's name, the platform sender address). */
  readonly email: {
    readonly fromName: string | null;
    readonly fromAddress: string | null;
    /** Where replies go: the billing office's mailbox. */
    readonly replyTo: string | null;
  };
  /** How the city's texts are sent. */
  readonly sms: {
    /**
     * The city's own Twilio Messaging Service (of the platform's account);
     * null for the platform's. A STOP ends every text of the Messaging Service
     * it answers, so cities sharing one share their residents' STOPs: a
     * resident who stops one city's texts stops every city's.
     */
    readonly messagingServiceSid: string | null;
  };
}

/** A text by language as a list, in the platform's order of languages: { es: "..." } is [{ locale: "es", text: "..." }]. */
export function localizedTexts(byLocale: Readonly<Partial<Record<Locale, string>>>): { locale: Locale; text: string }[] {
  return SUPPORTED_LOCALES.flatMap((locale) => {
    const text = byLocale[locale];
    return text === undefined ? [] : [{ locale, text }];
  });
}

/** What a city gets for anything it does not say. */
export const DEFAULT_SETTINGS: Omit<TenantSettings, 'displayName' | 'timeZone'> = {
  department: null,
  nameByLocale: {},
  departmentByLocale: {},
  locales: ['en'],
  defaultLocale: 'en',
  branding: { logoUrl: null, primaryColor: '#1f4e79', accentColor: '#f2a900' },
  contact: { customerServicePhone: null, payByPhoneNumber: null, supportHours: [], officeAddress: null, websiteUrl: null },
  signInIdentifier: 'EMAIL',
  accountNumberExample: null,
  paymentRules: {
    acceptedCardBrands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS', 'DISCOVER'],
    echeckAccepted: true,
    convenienceFee: { kind: 'NONE' },
    maxPaymentCents: '1000000',
    returnedPaymentFeeCents: '0',
    supportDailyRefundLimitCents: '100000',
    refundApprovalThresholdCents: '250000',
    approvalExpiryDays: 7,
    postingCutoffLocalTime: '00:00',
    postingLagDays: 1,
    postingBusinessDaysOnly: false,
    postingHolidays: [],
    accountCreditAllowed: true,
    counterPaymentsAccepted: false,
    verificationMode: 'ACCOUNT_NUMBER',
    payableKinds: ['UTILITY_BILL'],
  },
  autopayRules: { deductionDay: 15, methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'], reminderDaysBefore: 3, retryAfterDays: [3, 7] },
  disconnectionRules: { daysPastDue: 30, minimumPastDueCents: '5000' },
  accountLinking: { proof: 'SERVICE_HOUSE_NUMBER' },
  paperless: { offered: true },
  allowedOrigins: [],
  email: { fromName: null, fromAddress: null, replyTo: null },
  sms: { messagingServiceSid: null },
};
