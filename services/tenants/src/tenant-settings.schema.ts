import {
  CARD_BRANDS,
  PAYABLE_KINDS,
  PAYMENT_METHOD_KINDS,
  SUPPORTED_LOCALES,
  containsCardNumber,
  isIsoDate,
  isValidTimeZone,
  money,
  parseMoney,
  toDecimalString,
  type MessageKey,
} from '@platform/core';
import { z } from 'zod';
import {
  CONVENIENCE_FEE_KINDS,
  DEFAULT_SETTINGS,
  LINK_PROOFS,
  SIGN_IN_IDENTIFIERS,
  VERIFICATION_MODES,
  WEEKDAYS,
  type ConvenienceFee,
  type TenantSettings,
} from './tenant-settings';

/*
 * One schema validates what an operator sends (GraphQL input or a CLI JSON
 * file): amounts in dollars as exact decimal strings, every group optional
 * with the platform defaults. Each issue's message is a catalogue key, so the
 * resolver can translate it into the request's language.
 */

const key = (messageKey: MessageKey) => ({ error: messageKey });

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, key('tenant.requiredField'))
    .max(max, key('tenant.textTooLong'))
    // Display texts are shown to every resident: a card number typed into one is refused, never stored.
    .refine((value) => !containsCardNumber(value), key('error.cardNumberInText'));
const optionalText = (max: number) => text(max).nullable();
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, key('tenant.timeOfDayInvalid'));
const phone = z
  .string()
  .trim()
  .regex(/^(\+1[ -]?)?(\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}$/, key('tenant.phoneInvalid'))
  .nullable();
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, key('tenant.colorInvalid'));
const url = z
  .string()
  .trim()
  .max(500, key('tenant.textTooLong'))
  .refine((value) => value.startsWith('/') || /^https:\/\/[^\s/$.?#].[^\s]*$/.test(value), key('tenant.urlInvalid'))
  .nullable();
/** Dollars as an exact decimal string ("2.50"), non-negative, to integer cents ("250"). */
const amount = z.string().transform((value, ctx) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'tenant.amountInvalid' });
    return z.NEVER;
  }
  return parsed.value.cents.toString();
});
const wholeNumber = (min: number, max: number, messageKey: MessageKey) =>
  z.number(key(messageKey)).int(key(messageKey)).min(min, key(messageKey)).max(max, key(messageKey));
const nonEmptySet = <T extends string>(values: readonly [T, ...T[]], messageKey: MessageKey) =>
  z
    .array(z.enum(values, key(messageKey)), key(messageKey))
    .min(1, key(messageKey))
    .transform((list) => [...new Set(list)]);

const supportHours = z
  .object({ days: z.array(z.enum(WEEKDAYS)).min(1, key('tenant.hoursInvalid')), opens: timeOfDay, closes: timeOfDay })
  .refine((hours) => hours.opens < hours.closes, { ...key('tenant.hoursInvalid'), path: ['closes'] });

const address = z.object({
  line1: text(200),
  line2: optionalText(200).default(null),
  city: text(100),
  region: text(100),
  postalCode: text(20),
  country: z.string().regex(/^[A-Z]{2}$/, key('tenant.requiredField')).default('US'),
});

const convenienceFee = z
  .object({
    kind: z.enum(CONVENIENCE_FEE_KINDS),
    amount: amount.nullish(),
    percentBasisPoints: z.number().int(key('tenant.percentInvalid')).min(0, key('tenant.percentInvalid')).max(10000, key('tenant.percentInvalid')).nullish(),
    minimum: amount.nullish(),
  })
  .transform((fee, ctx): ConvenienceFee => {
    if (fee.kind === 'NONE' && fee.amount == null && fee.percentBasisPoints == null) return { kind: 'NONE' };
    if (fee.kind === 'FLAT' && fee.amount != null && fee.percentBasisPoints == null) return { kind: 'FLAT', amountCents: fee.amount };
    if (fee.kind === 'PERCENT' && fee.percentBasisPoints != null && fee.amount == null) {
      return { kind: 'PERCENT', basisPoints: fee.percentBasisPoints, minimumCents: fee.minimum ?? '0' };
    }
    ctx.addIssue({ code: 'custom', message: 'tenant.feeInvalid', path: ['kind'] });
    return z.NEVER;
  });

const defaults = DEFAULT_SETTINGS;
const dollars = (cents: string) => toDecimalString(money(BigInt(cents)));

export const tenantSettingsInputSchema = z
  .object({
    name: text(120),
    department: optionalText(120).default(defaults.department),
    timezone: z.string().refine(isValidTimeZone, key('tenant.timeZoneInvalid')),
    locales: nonEmptySet(SUPPORTED_LOCALES, 'tenant.localesInvalid').default([...defaults.locales]),
    defaultLocale: z.enum(SUPPORTED_LOCALES, key('tenant.localesInvalid')).default(defaults.defaultLocale),
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
        supportHours: z.array(supportHours).max(7).default([]),
        officeAddress: address.nullable().default(null),
        websiteUrl: url.default(null),
      })
      .prefault({}),
    signInIdentifier: z.enum(SIGN_IN_IDENTIFIERS).default(defaults.signInIdentifier),
    paymentRules: z
      .object({
        acceptedCardBrands: z
          .array(z.enum(CARD_BRANDS, key('tenant.cardBrandsInvalid')))
          .transform((list) => [...new Set(list)])
          .default([...defaults.paymentRules.acceptedCardBrands]),
        echeckAccepted: z.boolean().default(defaults.paymentRules.echeckAccepted),
        convenienceFee: convenienceFee.prefault({ kind: 'NONE' }),
        maxPaymentAmount: amount.prefault(dollars(defaults.paymentRules.maxPaymentCents)),
        returnedPaymentFee: amount.prefault(dollars(defaults.paymentRules.returnedPaymentFeeCents)),
        postingCutoffLocalTime: timeOfDay.default(defaults.paymentRules.postingCutoffLocalTime),
        postingLagDays: wholeNumber(0, 10, 'tenant.lagDaysOutOfRange').default(defaults.paymentRules.postingLagDays),
        postingBusinessDaysOnly: z.boolean().default(defaults.paymentRules.postingBusinessDaysOnly),
        postingHolidays: z
          .array(z.string().refine(isIsoDate, key('tenant.holidayInvalid')))
          .max(100, key('tenant.holidayInvalid'))
          .transform((days) => [...new Set(days)].sort())
          .default([...defaults.paymentRules.postingHolidays]),
        accountCreditAllowed: z.boolean().default(defaults.paymentRules.accountCreditAllowed),
        verificationMode: z.enum(VERIFICATION_MODES).default(defaults.paymentRules.verificationMode),
        payableKinds: nonEmptySet(PAYABLE_KINDS, 'tenant.payableKindsInvalid').default([...defaults.paymentRules.payableKinds]),
      })
      .prefault({})
      .refine((paymentRules) => paymentRules.acceptedCardBrands.length > 0 || paymentRules.echeckAccepted, {
        ...key('tenant.noPaymentMethod'),
        path: ['acceptedCardBrands'],
      }),
    autopayRules: z
      .object({
        deductionDay: wholeNumber(1, 28, 'tenant.deductionDayOutOfRange').default(defaults.autopayRules.deductionDay),
        methodsAllowedOnline: z
          .array(z.enum(PAYMENT_METHOD_KINDS))
          .transform((list) => [...new Set(list)])
          .default([...defaults.autopayRules.methodsAllowedOnline]),
        reminderDaysBefore: wholeNumber(0, 14, 'tenant.reminderDaysOutOfRange').default(defaults.autopayRules.reminderDaysBefore),
        retryAfterDays: z
          .array(wholeNumber(1, 28, 'tenant.retryDaysInvalid'))
          .max(5, key('tenant.retryDaysInvalid'))
          .refine((days) => days.every((day, i) => i === 0 || day > (days[i - 1] ?? 0)), key('tenant.retryDaysInvalid'))
          .default([...defaults.autopayRules.retryAfterDays]),
      })
      .prefault({}),
    disconnectionRules: z
      .object({
        daysPastDue: wholeNumber(1, 365, 'tenant.daysPastDueOutOfRange').default(defaults.disconnectionRules.daysPastDue),
        minimumPastDueAmount: amount.prefault(dollars(defaults.disconnectionRules.minimumPastDueCents)),
      })
      .prefault({}),
    accountLinking: z.object({ proof: z.enum(LINK_PROOFS).default(defaults.accountLinking.proof) }).prefault({}),
  })
  .refine((input) => input.locales.includes(input.defaultLocale), {
    ...key('tenant.defaultLocaleNotEnabled'),
    path: ['defaultLocale'],
  })
  .transform(
    ({ name, timezone, ...input }): TenantSettings => ({
      ...input,
      displayName: name,
      timeZone: timezone,
      paymentRules: {
        acceptedCardBrands: input.paymentRules.acceptedCardBrands,
        echeckAccepted: input.paymentRules.echeckAccepted,
        convenienceFee: input.paymentRules.convenienceFee,
        maxPaymentCents: input.paymentRules.maxPaymentAmount,
        returnedPaymentFeeCents: input.paymentRules.returnedPaymentFee,
        postingCutoffLocalTime: input.paymentRules.postingCutoffLocalTime,
        postingLagDays: input.paymentRules.postingLagDays,
        postingBusinessDaysOnly: input.paymentRules.postingBusinessDaysOnly,
        postingHolidays: input.paymentRules.postingHolidays,
        accountCreditAllowed: input.paymentRules.accountCreditAllowed,
        verificationMode: input.paymentRules.verificationMode,
        payableKinds: input.paymentRules.payableKinds,
      },
      disconnectionRules: {
        daysPastDue: input.disconnectionRules.daysPastDue,
        minimumPastDueCents: input.disconnectionRules.minimumPastDueAmount,
      },
    }),
  );

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
      postingCutoffLocalTime: settings.paymentRules.postingCutoffLocalTime,
      postingLagDays: settings.paymentRules.postingLagDays,
      postingBusinessDaysOnly: settings.paymentRules.postingBusinessDaysOnly,
      postingHolidays: [...settings.paymentRules.postingHolidays],
      accountCreditAllowed: settings.paymentRules.accountCreditAllowed,
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
  };
}
