import {
  CARD_BRANDS,
  PAYABLE_KINDS,
  PAYMENT_METHOD_KINDS,
  SUPPORTED_LOCALES,
  containsCardNumber,
  isDeliverableEmail,
  isIsoDate,
  canonicalTimeZone,
  northAmericanNumber,
  toE164,
  isValidTimeZone,
  money,
  parseMoney,
  toDecimalString,
  UserErrorCode,
  type Locale,
  type MessageKey,
  isUnsafeText,
  breaksLine,
} from '@platform/core';
import { problem } from '@platform/api';
import { z } from 'zod';
import { normalizeOrigin } from './allowed-origin';
import { CONVENIENCE_FEE_KINDS, DEFAULT_SETTINGS, LINK_PROOFS, localizedTexts, SIGN_IN_IDENTIFIERS, VERIFICATION_MODES, WEEKDAYS, type ConvenienceFee, type TenantSettings } from './tenant-settings';

/*
 * One schema validates what an operator sends (GraphQL input or a CLI JSON
 * file): amounts in dollars as exact decimal strings, every group optional
 * with the platform defaults. Each check names its UserErrorCode and
 * catalogue message (`problem`), so validateInput reports every issue at its
 * path, in the request's language.
 */

/** A value of the wrong kind or out of a fixed list: only a CLI file can send one, since GraphQL types the same fields. */
const invalid = problem(UserErrorCode.INVALID, 'error.invalidValue');

/**
 * A character a reader sees: not white space, a control or format character (U+200B zero-width space, U+00AD soft
 * hyphen), nor one of the letters and symbols fonts draw blank (the Hangul fillers, the blank Braille pattern).
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0\u2800]/u;
const text = (max: number) =>
  z
    .string(problem(UserErrorCode.REQUIRED, 'error.required'))
    .trim()
    // A name of zero-width spaces would leave the banner, the emails' sender and the phone line's welcome blank.
    .refine((value) => VISIBLE.test(value), problem(UserErrorCode.REQUIRED, 'error.required'))
    .max(max, problem(UserErrorCode.TOO_LONG, 'error.tooLong'))
    // A CLI file's text does not pass the API's edge, which refuses the same.
    .refine((value) => !isUnsafeText(value), problem(UserErrorCode.INVALID_TEXT, 'edge.invalidText'))
    // Every text of a city's settings is one line (an address comes a line at a time): the city's name starts its
    // texts and is read out by its phone line, the sender's name heads its emails. The API's edge lets line breaks
    // and tabs through for free text.
    .refine((value) => !breaksLine(value), problem(UserErrorCode.INVALID_TEXT, 'error.notOneLine'))
    // Display texts are shown to every resident: a card number typed into one is refused, never stored.
    .refine((value) => !containsCardNumber(value), problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText'));
const optionalText = (max: number) => text(max).nullable();
/**
 * A text in some languages, each a language once (a second is refused where it stands), kept by language:
 * [{ locale: "es", text: "..." }] is { es: "..." }.
 */
const textByLocale = (max: number) =>
  z
    .array(z.object({ locale: z.enum(SUPPORTED_LOCALES, problem(UserErrorCode.INVALID_LOCALES, 'tenant.localesInvalid')), text: text(max) }, invalid), invalid)
    .superRefine((entries, ctx) => {
      entries.forEach((entry, index) => {
        if (entries.findIndex((other) => other.locale === entry.locale) < index) ctx.addIssue({ code: 'custom', message: invalid.error, path: [index, 'locale'] });
      });
    })
    .transform((entries): Partial<Record<Locale, string>> => Object.fromEntries(entries.map((entry) => [entry.locale, entry.text])));
const timeOfDay = z.string(invalid).regex(/^([01]\d|2[0-3]):[0-5]\d$/, problem(UserErrorCode.INVALID, 'tenant.timeOfDayInvalid'));
/** A closing time may also be 24:00, the end of the day: 23:59 would close the last minute before midnight. */
const closingTime = z.string(invalid).regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, problem(UserErrorCode.INVALID, 'tenant.timeOfDayInvalid'));
const phoneInvalid = problem(UserErrorCode.INVALID, 'tenant.phoneInvalid');
/** Written as cities write theirs, and a number that can be dialled: an area code or exchange starting 0 or 1 routes no call. */
const PHONE_AS_WRITTEN = /^(\+1[ -]?)?(\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}$/;
/** One check, so a number that is neither written as cities write theirs nor dialable is one problem, said once. */
const phone = z
  .string(invalid)
  .trim()
  .refine((value) => PHONE_AS_WRITTEN.test(value) && northAmericanNumber(value) !== null, phoneInvalid)
  .nullable();
const color = z.string(invalid).regex(/^#[\da-f]{6}$/i, problem(UserErrorCode.INVALID, 'tenant.colorInvalid'));
const url = z
  .string(invalid)
  .trim()
  .max(500, problem(UserErrorCode.TOO_LONG, 'error.tooLong'))
  // As for text: a CLI file's address does not pass the API's edge, and PostgreSQL cannot store a NUL.
  .refine((value) => !isUnsafeText(value), { ...problem(UserErrorCode.INVALID_TEXT, 'edge.invalidText'), abort: true })
  // A path on this server, or https. "//host/..." and "/\host/..." start with "/" but browsers read them as another host,
  // and browsers drop tabs and line breaks inside an address, so "/<tab>/host" is one too: no white space at all.
  .refine((value) => /^\/(?![/\\])\S*$/.test(value) || /^https:\/\/[^\s/$.?#].[^\s]*$/.test(value), problem(UserErrorCode.INVALID, 'tenant.urlInvalid'))
  .nullable();
const amountInvalid = problem(UserErrorCode.INVALID_AMOUNT, 'tenant.amountInvalid');
/** Dollars as an exact decimal string ("2.50"), non-negative, to integer cents ("250"). */
const amount = z.string(amountInvalid).transform((value, ctx) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: amountInvalid.error });
    return z.NEVER;
  }
  return parsed.value.cents.toString();
});
const wholeNumber = (min: number, max: number, code: UserErrorCode, messageKey: MessageKey) => {
  const outOfRange = problem(code, messageKey);
  return z.number(outOfRange).int(outOfRange).min(min, outOfRange).max(max, outOfRange);
};
const nonEmptySet = <T extends string>(values: readonly [T, ...T[]], code: UserErrorCode, messageKey: MessageKey) => {
  const notASet = problem(code, messageKey);
  return z
    .array(z.enum(values, notASet), notASet)
    .min(1, notASet)
    .transform((list) => [...new Set(list)]);
};

const hoursInvalid = problem(UserErrorCode.INVALID, 'tenant.hoursInvalid');
/** Opening-hours entries a city may publish: two a day for every weekday (an office closed for lunch), each day on its own. */
export const MAX_SUPPORT_HOURS = 14;
const supportHours = z
  .object(
    {
      days: z
        .array(z.enum(WEEKDAYS, invalid), invalid)
        .min(1, hoursInvalid)
        // Callers would hear it twice: "Monday, Monday, Tuesday".
        .refine((days) => new Set(days).size === days.length, problem(UserErrorCode.INVALID, 'tenant.hoursDayTwice')),
      opens: timeOfDay,
      closes: closingTime,
    },
    invalid,
  )
  .refine((hours) => hours.opens < hours.closes, { ...hoursInvalid, path: ['closes'] });
type SupportHoursEntry = z.output<typeof supportHours>;
const overlap = (a: SupportHoursEntry, b: SupportHoursEntry) => a.days.some((day) => b.days.includes(day)) && a.opens < b.closes && b.opens < a.closes;
/**
 * Two entries open at once on a day they share are a slip (a lunch break typed 11:00 for 13:00), and callers would
 * hear both: refused at the later one. Hours that meet (08:00-12:00, 12:00-17:00) do not overlap. Only entries
 * taken on their own are compared (an entry refused for its times is refused for that alone), and only a list
 * short enough to be taken, as pairs grow with the square of its length.
 */
const supportHoursList = z
  .array(supportHours, invalid)
  .max(MAX_SUPPORT_HOURS, problem(UserErrorCode.INVALID, 'tenant.hoursTooMany'))
  .superRefine((entries, ctx) => {
    if (entries.length > MAX_SUPPORT_HOURS) return;
    const taken = entries.map((entry) => supportHours.safeParse(entry).success);
    entries.forEach((entry, index) => {
      const overlapped = taken[index] && entries.slice(0, index).some((earlier, earlierIndex) => taken[earlierIndex] && overlap(earlier, entry));
      if (overlapped) ctx.addIssue({ code: 'custom', message: problem(UserErrorCode.INVALID, 'tenant.hoursOverlap').error, path: [index, 'days'] });
    });
  });

const address = z.object({
  line1: text(200),
  line2: optionalText(200).default(null),
  city: text(100),
  region: text(100),
  postalCode: text(20),
  country: z
    .string(invalid)
    .regex(/^[A-Z]{2}$/, invalid)
    .default('US'),
});

/**
 * The most a convenience fee may be: a flat fee or a percentage's minimum
 * up to $25.00, a percentage up to 10%. Settings are typed in dollars, so a
 * fee of "250" (meant as $2.50) would otherwise charge every payer $250.
 */
const MAX_FEE_CENTS = 2500n;
const MAX_FEE_BASIS_POINTS = 1000;
const feeTooLarge = problem(UserErrorCode.INVALID_FEE, 'tenant.feeTooLarge');
const percentInvalid = problem(UserErrorCode.INVALID, 'tenant.percentInvalid');
const feeAmount = amount.refine((cents) => BigInt(cents) <= MAX_FEE_CENTS, feeTooLarge);
/** A fee of nothing is NONE: saved as FLAT or PERCENT, every payer would be told "a convenience fee of $0.00 is added". */
const feeZero = problem(UserErrorCode.INVALID_FEE, 'tenant.feeZero');
/**
 * The most a returned-payment fee may be, charged to the account of every
 * resident whose e-check comes back: states cap theirs at $20-$40, so a fee
 * of "250" (meant as $2.50) is surely a slip, as a convenience fee's is.
 */
const MAX_RETURNED_PAYMENT_FEE_CENTS = 5000n;
const returnedPaymentFee = amount.refine((cents) => BigInt(cents) <= MAX_RETURNED_PAYMENT_FEE_CENTS, problem(UserErrorCode.INVALID_FEE, 'tenant.returnedFeeTooLarge'));

/** The fee a kind and the fields it takes make, or null when a field the kind needs is missing or one it refuses is given. */
function feeOfKind(fee: { kind: ConvenienceFee['kind']; amount?: string | null; percentBasisPoints?: number | null; minimum?: string | null }): ConvenienceFee | null {
  if (fee.kind === 'NONE' && fee.amount == null && fee.percentBasisPoints == null) return { kind: 'NONE' };
  if (fee.kind === 'FLAT' && fee.amount != null && fee.percentBasisPoints == null) return { kind: 'FLAT', amountCents: fee.amount };
  if (fee.kind === 'PERCENT' && fee.percentBasisPoints != null && fee.amount == null) return { kind: 'PERCENT', basisPoints: fee.percentBasisPoints, minimumCents: fee.minimum ?? '0' };
  return null;
}

const convenienceFee = z
  .object({
    kind: z.enum(CONVENIENCE_FEE_KINDS, invalid),
    amount: feeAmount.refine((cents) => BigInt(cents) > 0n, feeZero).nullish(),
    percentBasisPoints: z
      .number(percentInvalid)
      .int(percentInvalid)
      .min(0, percentInvalid)
      .max(MAX_FEE_BASIS_POINTS, feeTooLarge)
      .refine((basisPoints) => basisPoints !== 0, feeZero)
      .nullish(),
    minimum: feeAmount.nullish(),
  })
  .transform((fee, ctx): ConvenienceFee => {
    // Only a percentage has a minimum: given with another kind, it would be dropped without a word.
    const strayMinimum = fee.kind !== 'PERCENT' && fee.minimum != null;
    if (strayMinimum) ctx.addIssue({ code: 'custom', message: problem(UserErrorCode.INVALID_FEE, 'tenant.feeMinimumNotPercent').error, path: ['minimum'] });
    const parsed = feeOfKind(fee);
    if (!parsed) ctx.addIssue({ code: 'custom', message: problem(UserErrorCode.INVALID_FEE, 'tenant.feeInvalid').error, path: ['kind'] });
    return parsed && !strayMinimum ? parsed : z.NEVER;
  });

const defaults = DEFAULT_SETTINGS;
const originInvalid = problem(UserErrorCode.INVALID, 'tenant.originInvalid');
/** Each origin checked where it stands (["input", "allowedOrigins", 2]) and kept in normal form, once. */
const allowedOrigins = z
  .array(
    z.string(originInvalid).transform((value, ctx) => {
      // The URL parser drops a NUL or control character at either end, so "https://a.example\u0000" would pass for another.
      const origin = isUnsafeText(value) ? null : normalizeOrigin(value);
      if (origin === null) {
        ctx.addIssue({ code: 'custom', message: originInvalid.error });
        return z.NEVER;
      }
      return origin;
    }),
    invalid,
  )
  .max(50, problem(UserErrorCode.INVALID, 'tenant.tooManyOrigins'))
  .transform((origins) => [...new Set(origins)]);
const holidayInvalid = problem(UserErrorCode.INVALID, 'tenant.holidayInvalid');
const retryDaysInvalid = problem(UserErrorCode.INVALID, 'tenant.retryDaysInvalid');
const emailInvalid = problem(UserErrorCode.INVALID, 'tenant.emailAddressInvalid');
/** One plain mailbox, as every address the platform writes to: "a:b@x.y" would be a group whose one member is b@x.y. */
const emailAddress = z
  .string(invalid)
  .trim()
  .max(254, problem(UserErrorCode.TOO_LONG, 'error.tooLong'))
  .refine(isDeliverableEmail, emailInvalid)
  .transform((value) => value.toLowerCase())
  .nullable();
const messagingServiceSid = z
  .string(invalid)
  .trim()
  .regex(/^MG[0-9a-fA-F]{32}$/, problem(UserErrorCode.INVALID, 'tenant.messagingServiceSidInvalid'))
  .transform((value) => `MG${value.slice(2).toLowerCase()}`)
  .nullable();
const dollars = (cents: string) => toDecimalString(money(BigInt(cents)));
/** Whether the city takes a kind of method at all: a card of some brand, or e-checks. */
const takes = (rules: { readonly acceptedCardBrands: readonly unknown[]; readonly echeckAccepted: boolean }, kind: (typeof PAYMENT_METHOD_KINDS)[number]) =>
  kind === 'CARD' ? rules.acceptedCardBrands.length > 0 : rules.echeckAccepted;

/** Whether two numbers as written (either may be absent) are one line: "(888) 647-2502" is "888.647.2502". */
const sameNumber = (a: string | null, b: string | null) => a !== null && b !== null && toE164(a) !== null && toE164(a) === toE164(b);

export const tenantSettingsInputSchema = z
  .object({
    name: text(120),
    nameByLocale: textByLocale(120).default({ ...defaults.nameByLocale }),
    department: optionalText(120).default(defaults.department),
    departmentByLocale: textByLocale(120).default({ ...defaults.departmentByLocale }),
    // Kept by its canonical name: other software reading `timezone` expects "America/Chicago", not "america/chicago".
    timezone: z
      .string(problem(UserErrorCode.INVALID_TIME_ZONE, 'tenant.timeZoneInvalid'))
      .refine(isValidTimeZone, problem(UserErrorCode.INVALID_TIME_ZONE, 'tenant.timeZoneInvalid'))
      .transform(canonicalTimeZone),
    locales: nonEmptySet(SUPPORTED_LOCALES, UserErrorCode.INVALID_LOCALES, 'tenant.localesInvalid').default([...defaults.locales]),
    defaultLocale: z.enum(SUPPORTED_LOCALES, problem(UserErrorCode.INVALID_LOCALES, 'tenant.localesInvalid')).default(defaults.defaultLocale),
    branding: z
      .object({
        logoUrl: url.default(defaults.branding.logoUrl),
        primaryColor: color.default(defaults.branding.primaryColor),
        accentColor: color.default(defaults.branding.accentColor),
      })
      .prefault({}),
    contact: z
      .object({
        customerServicePhone: phone.default(null),
        payByPhoneNumber: phone.default(null),
        supportHours: supportHoursList.default([]),
        officeAddress: address.nullable().default(null),
        websiteUrl: url.default(null),
      })
      .prefault({}),
    signInIdentifier: z.enum(SIGN_IN_IDENTIFIERS, invalid).default(defaults.signInIdentifier),
    accountNumberExample: optionalText(40).default(defaults.accountNumberExample),
    paymentRules: z
      .object({
        acceptedCardBrands: z
          .array(z.enum(CARD_BRANDS, problem(UserErrorCode.INVALID, 'tenant.cardBrandsInvalid')), invalid)
          .transform((list) => [...new Set(list)])
          .default([...defaults.paymentRules.acceptedCardBrands]),
        echeckAccepted: z.boolean(invalid).default(defaults.paymentRules.echeckAccepted),
        convenienceFee: convenienceFee.prefault({ kind: 'NONE' }),
        // Zero would refuse every payment, on every channel.
        maxPaymentAmount: amount.refine((cents) => BigInt(cents) > 0n, problem(UserErrorCode.INVALID_AMOUNT, 'tenant.maxPaymentNotPositive')).prefault(dollars(defaults.paymentRules.maxPaymentCents)),
        returnedPaymentFee: returnedPaymentFee.prefault(dollars(defaults.paymentRules.returnedPaymentFeeCents)),
        supportDailyRefundLimit: amount.prefault(dollars(defaults.paymentRules.supportDailyRefundLimitCents)),
        refundApprovalThreshold: amount.prefault(dollars(defaults.paymentRules.refundApprovalThresholdCents)),
        approvalExpiryDays: wholeNumber(1, 90, UserErrorCode.INVALID, 'tenant.approvalExpiryDaysOutOfRange').default(defaults.paymentRules.approvalExpiryDays),
        postingCutoffLocalTime: timeOfDay.default(defaults.paymentRules.postingCutoffLocalTime),
        postingLagDays: wholeNumber(0, 10, UserErrorCode.INVALID, 'tenant.lagDaysOutOfRange').default(defaults.paymentRules.postingLagDays),
        postingBusinessDaysOnly: z.boolean(invalid).default(defaults.paymentRules.postingBusinessDaysOnly),
        postingHolidays: z
          .array(z.string(holidayInvalid).refine(isIsoDate, holidayInvalid), invalid)
          .max(100, holidayInvalid)
          .transform((days) => [...new Set(days)].sort())
          .default([...defaults.paymentRules.postingHolidays]),
        accountCreditAllowed: z.boolean(invalid).default(defaults.paymentRules.accountCreditAllowed),
        counterPaymentsAccepted: z.boolean(invalid).default(defaults.paymentRules.counterPaymentsAccepted),
        verificationMode: z.enum(VERIFICATION_MODES, invalid).default(defaults.paymentRules.verificationMode),
        payableKinds: nonEmptySet(PAYABLE_KINDS, UserErrorCode.INVALID, 'tenant.payableKindsInvalid').default([...defaults.paymentRules.payableKinds]),
      })
      .prefault({})
      .refine((paymentRules) => paymentRules.acceptedCardBrands.length > 0 || paymentRules.echeckAccepted, {
        ...problem(UserErrorCode.NO_PAYMENT_METHOD, 'tenant.noPaymentMethod'),
        path: ['acceptedCardBrands'],
      }),
    autopayRules: z
      .object({
        deductionDay: wholeNumber(1, 31, UserErrorCode.INVALID_DEDUCTION_DAY, 'tenant.deductionDayOutOfRange').default(defaults.autopayRules.deductionDay),
        methodsAllowedOnline: z
          .array(z.enum(PAYMENT_METHOD_KINDS, invalid), invalid)
          .transform((list) => [...new Set(list)])
          // Unsaid, every default the city takes (see the transform below).
          .optional(),
        reminderDaysBefore: wholeNumber(0, 14, UserErrorCode.INVALID, 'tenant.reminderDaysOutOfRange').default(defaults.autopayRules.reminderDaysBefore),
        retryAfterDays: z
          .array(wholeNumber(1, 28, UserErrorCode.INVALID, 'tenant.retryDaysInvalid'), retryDaysInvalid)
          .max(5, retryDaysInvalid)
          .refine((days) => days.every((day, i) => i === 0 || day > (days[i - 1] ?? 0)), retryDaysInvalid)
          .default([...defaults.autopayRules.retryAfterDays]),
      })
      .prefault({}),
    disconnectionRules: z
      .object({
        daysPastDue: wholeNumber(1, 365, UserErrorCode.INVALID, 'tenant.daysPastDueOutOfRange').default(defaults.disconnectionRules.daysPastDue),
        minimumPastDueAmount: amount.prefault(dollars(defaults.disconnectionRules.minimumPastDueCents)),
      })
      .prefault({}),
    accountLinking: z.object({ proof: z.enum(LINK_PROOFS, invalid).default(defaults.accountLinking.proof) }).prefault({}),
    paperless: z.object({ offered: z.boolean(invalid).default(defaults.paperless.offered) }).prefault({}),
    allowedOrigins: allowedOrigins.default([...defaults.allowedOrigins]),
    email: z
      .object({
        fromName: optionalText(100).default(defaults.email.fromName),
        fromAddress: emailAddress.default(defaults.email.fromAddress),
        replyTo: emailAddress.default(defaults.email.replyTo),
      })
      .prefault({}),
    sms: z.object({ messagingServiceSid: messagingServiceSid.default(defaults.sms.messagingServiceSid) }).prefault({}),
  })
  // Autopay online takes only what the city takes: a kind offered there that no payment may use would be refused at every
  // enrolment, while pages were told to offer it.
  .refine((input) => (input.autopayRules.methodsAllowedOnline ?? []).every((kind) => takes(input.paymentRules, kind)), {
    ...problem(UserErrorCode.INVALID, 'tenant.autopayMethodNotAccepted'),
    path: ['autopayRules', 'methodsAllowedOnline'],
  })
  // A pay-by-phone line takes cards alone (<Pay> collects a card for the processor): a line kept by a city taking no card
  // would ask its callers for one it refuses. So the last brand goes with the line, in the same change.
  .refine((input) => input.contact.payByPhoneNumber === null || takes(input.paymentRules, 'CARD'), {
    ...problem(UserErrorCode.INVALID, 'tenant.payByPhoneNeedsCard'),
    path: ['contact', 'payByPhoneNumber'],
  })
  // Customer service is where the phone line puts through a caller who asks for a person: the line itself would ring
  // back into the same menu, over and over.
  .refine((input) => !sameNumber(input.contact.customerServicePhone, input.contact.payByPhoneNumber), {
    ...problem(UserErrorCode.INVALID, 'tenant.customerServiceIsPayLine'),
    path: ['contact', 'customerServicePhone'],
  })
  .refine((input) => input.locales.includes(input.defaultLocale), {
    ...problem(UserErrorCode.INVALID_LOCALES, 'tenant.defaultLocaleNotEnabled'),
    path: ['defaultLocale'],
  })
  // See LinkProof: where the number alone shows what is owed and takes a payment, an amount is no proof of holding the account.
  .refine((input) => input.paymentRules.verificationMode !== 'ACCOUNT_NUMBER' || input.accountLinking.proof === 'SERVICE_HOUSE_NUMBER', {
    ...problem(UserErrorCode.INVALID, 'tenant.linkProofShownToGuests'),
    path: ['accountLinking', 'proof'],
  })
  .transform(({ name, timezone, ...input }): TenantSettings => ({
    ...input,
    displayName: name,
    timeZone: timezone,
    autopayRules: {
      ...input.autopayRules,
      methodsAllowedOnline: input.autopayRules.methodsAllowedOnline ?? defaults.autopayRules.methodsAllowedOnline.filter((kind) => takes(input.paymentRules, kind)),
    },
    paymentRules: {
      acceptedCardBrands: input.paymentRules.acceptedCardBrands,
      echeckAccepted: input.paymentRules.echeckAccepted,
      convenienceFee: input.paymentRules.convenienceFee,
      maxPaymentCents: input.paymentRules.maxPaymentAmount,
      returnedPaymentFeeCents: input.paymentRules.returnedPaymentFee,
      supportDailyRefundLimitCents: input.paymentRules.supportDailyRefundLimit,
      refundApprovalThresholdCents: input.paymentRules.refundApprovalThreshold,
      approvalExpiryDays: input.paymentRules.approvalExpiryDays,
      postingCutoffLocalTime: input.paymentRules.postingCutoffLocalTime,
      postingLagDays: input.paymentRules.postingLagDays,
      postingBusinessDaysOnly: input.paymentRules.postingBusinessDaysOnly,
      postingHolidays: input.paymentRules.postingHolidays,
      accountCreditAllowed: input.paymentRules.accountCreditAllowed,
      counterPaymentsAccepted: input.paymentRules.counterPaymentsAccepted,
      verificationMode: input.paymentRules.verificationMode,
      payableKinds: input.paymentRules.payableKinds,
    },
    disconnectionRules: {
      daysPastDue: input.disconnectionRules.daysPastDue,
      minimumPastDueCents: input.disconnectionRules.minimumPastDueAmount,
    },
  }));

/** The operator's input: dollars as decimal strings, groups optional. */
export type TenantSettingsInput = z.input<typeof tenantSettingsInputSchema>;

/** The stored settings written back in the input's shape, so an update can merge over them. */
export function settingsToInput(settings: TenantSettings): TenantSettingsInput {
  const { convenienceFee } = settings.paymentRules;
  const { displayName, timeZone, ...rest } = settings;
  return {
    ...rest,
    name: displayName,
    timezone: timeZone,
    nameByLocale: localizedTexts(settings.nameByLocale),
    departmentByLocale: localizedTexts(settings.departmentByLocale),
    locales: [...settings.locales],
    contact: { ...settings.contact, supportHours: settings.contact.supportHours.map((h) => ({ ...h, days: [...h.days] })) },
    paymentRules: {
      acceptedCardBrands: [...settings.paymentRules.acceptedCardBrands],
      echeckAccepted: settings.paymentRules.echeckAccepted,
      convenienceFee:
        convenienceFee.kind === 'NONE'
          ? { kind: 'NONE' }
          : convenienceFee.kind === 'FLAT'
            ? { kind: 'FLAT', amount: dollars(convenienceFee.amountCents) }
            : { kind: 'PERCENT', percentBasisPoints: convenienceFee.basisPoints, minimum: dollars(convenienceFee.minimumCents) },
      maxPaymentAmount: dollars(settings.paymentRules.maxPaymentCents),
      returnedPaymentFee: dollars(settings.paymentRules.returnedPaymentFeeCents),
      supportDailyRefundLimit: dollars(settings.paymentRules.supportDailyRefundLimitCents),
      refundApprovalThreshold: dollars(settings.paymentRules.refundApprovalThresholdCents),
      approvalExpiryDays: settings.paymentRules.approvalExpiryDays,
      postingCutoffLocalTime: settings.paymentRules.postingCutoffLocalTime,
      postingLagDays: settings.paymentRules.postingLagDays,
      postingBusinessDaysOnly: settings.paymentRules.postingBusinessDaysOnly,
      postingHolidays: [...settings.paymentRules.postingHolidays],
      accountCreditAllowed: settings.paymentRules.accountCreditAllowed,
      counterPaymentsAccepted: settings.paymentRules.counterPaymentsAccepted,
      verificationMode: settings.paymentRules.verificationMode,
      payableKinds: [...settings.paymentRules.payableKinds],
    },
    autopayRules: {
      ...settings.autopayRules,
      methodsAllowedOnline: [...settings.autopayRules.methodsAllowedOnline],
      retryAfterDays: [...settings.autopayRules.retryAfterDays],
    },
    disconnectionRules: {
      daysPastDue: settings.disconnectionRules.daysPastDue,
      minimumPastDueAmount: dollars(settings.disconnectionRules.minimumPastDueCents),
    },
    accountLinking: { ...settings.accountLinking },
    paperless: { ...settings.paperless },
    allowedOrigins: [...settings.allowedOrigins],
    email: { ...settings.email },
    sms: { ...settings.sms },
  };
}
