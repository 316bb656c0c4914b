import { problem } from '@platform/api';
import { normaliseIdentifier } from '@platform/auth';
import { containsCardNumber, EMAIL_MAX_LENGTH, holdsIssuedCardNumber, isDeliverableEmail, northAmericanNumber, SUPPORTED_LOCALES, UserErrorCode, type Locale, type MessageKey } from '@platform/core';
import { z } from 'zod';

/*
 * What people type about themselves, as zod fields for validateInput: each
 * parses to its normal form or names the UserErrorCode and message to
 * report. Wrap a field in `required` or `optional` to say what a blank means.
 */

const USERNAME_MAX_LENGTH = 32;
const USERNAME = new RegExp(`^[a-z0-9._-]{3,${USERNAME_MAX_LENGTH}}$`);
const NAME_MAX_LENGTH = 120;
const STAFF_NOTE_MAX_LENGTH = 500;

const REQUIRED = problem(UserErrorCode.REQUIRED, 'error.required');
/** Names are kept and shown: a card number typed into one is refused, never stored, and nothing else is said about it. */
const noCardNumber = { ...problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText'), abort: true };

/*
 * The card-number scans read a text digit group by digit group, seconds of the gateway's one thread for megabytes of
 * "1 1 1 ...": each field is held to its longest first, as a password is (PASSWORD_MAX_LENGTH), so no request can ask
 * for more scanning than a field's worth. Text longer than that is refused as malformed, and never kept either way.
 */
const atMost = (max: number, code: UserErrorCode, key: MessageKey) => [(value: string) => value.length <= max, { ...problem(code, key), abort: true }] as const;

/*
 * What a mail program or browser turns into a link, or a reader types into one: a scheme ("https://"), an address
 * or handle ("@"), "www.", a domain (a dot between a letter or digit and two letters: "pay-now.example.net",
 * "bit.ly/x"), an IPv4 address. "Dr. Smith Jr." and "J.R.R. Tolkien" are not; "St.John" is, and is written
 * "St. John" instead.
 */
const LINK_SHAPE = /:\/\/|@|\bwww\.|[\p{L}\p{N}]\.\p{L}{2}|\b\d{1,3}(?:\.\d{1,3}){3}\b/iu;

/**
 * Tested as the text shows: compatibility forms folded (full-width "．" and "＠", NFKC), the dots a browser's
 * IDNA reads as dots ("。", "｡") made dots, and invisible format characters (a zero-width space, a soft hyphen)
 * left out, so "pay\u200b.net" is a domain too.
 */
export const holdsLink = (value: string): boolean =>
  LINK_SHAPE.test(
    value
      .normalize('NFKC')
      .replace(/\p{Cf}/gu, '')
      .replace(/[\u3002\uff61]/g, '.'),
  );

/**
 * Emails and usernames are kept in one form (normaliseIdentifier), the form they are looked up in; an email only if
 * mail can be sent to it (isDeliverableEmail). Both are kept and shown, and sign-in limits count under them, so
 * neither may hold a card number. An email by the narrower test a reference gets (holdsIssuedCardNumber: a network's
 * prefix and length): addresses carry long digit groups by design ("pat-1985-0412-...@"), one in ten of which would
 * pass Luhn alone. A username by both: its parts are joined by dots and underscores ("4111.1111.1111.1111"), which
 * free text's test (containsCardNumber) does not read as a card's separators, and that test still finds the numbers
 * of networks the platform does not route ("3530111333300000").
 */
export const email = z
  .string()
  .transform(normaliseIdentifier)
  .refine(...atMost(EMAIL_MAX_LENGTH, UserErrorCode.INVALID_EMAIL, 'customer.emailInvalid'))
  .refine((value) => !holdsIssuedCardNumber(value), noCardNumber)
  // Full-width letters and the like show as the plain address but are other characters, which the person would not
  // type the same way twice: refused, rather than quietly folded into an address they did not type.
  .refine((value) => value === value.normalize('NFKC'), { ...problem(UserErrorCode.INVALID_EMAIL, 'customer.emailNotPlain'), abort: true })
  .refine(isDeliverableEmail, problem(UserErrorCode.INVALID_EMAIL, 'customer.emailInvalid'));

/**
 * A username: the city's reset emails say it ("Your username: ..."), to an address nobody proved, so it is held to
 * the link rule a name is (holdsLink): "normanwater-pay.net" would put a stranger's domain into the city's own mail.
 * Dots that make no domain ("pat-1985_n.2") pass.
 */
export const username = z
  .string()
  .transform(normaliseIdentifier)
  .refine(...atMost(USERNAME_MAX_LENGTH, UserErrorCode.INVALID_USERNAME, 'customer.usernameInvalid'))
  .refine((value) => !containsCardNumber(value) && !holdsIssuedCardNumber(value), noCardNumber)
  .refine((value) => USERNAME.test(value), { ...problem(UserErrorCode.INVALID_USERNAME, 'customer.usernameInvalid'), abort: true })
  .refine((value) => !holdsLink(value), problem(UserErrorCode.INVALID_USERNAME, 'customer.usernameHasLink'));

/** North American numbers only (northAmericanNumber), kept as E.164: "(405) 217-7739" -> "+14052177739". */
export const phone = z
  .string()
  .transform(northAmericanNumber)
  .pipe(z.string(problem(UserErrorCode.INVALID_PHONE, 'customer.phoneInvalid')));

/**
 * A person's name: shown to staff, and written into emails (a staff invitation greets by it). Nobody proves the
 * email they register with is theirs, so a name must not make the city's own mail carry a stranger's link: one that
 * holds a web or email address is refused.
 */
export const name = z
  .string()
  .transform((input) => input.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .refine(...atMost(NAME_MAX_LENGTH, UserErrorCode.INVALID_NAME, 'customer.nameInvalid'))
      .refine((value) => !containsCardNumber(value), noCardNumber)
      // A letter or digit at least: a name of nothing but zero-width characters would greet the person, and list them, blank.
      .refine((value) => /[\p{L}\p{N}]/u.test(value), { ...problem(UserErrorCode.INVALID_NAME, 'customer.nameInvalid'), abort: true })
      .refine((value) => !holdsLink(value), problem(UserErrorCode.INVALID_NAME, 'customer.nameHasLink')),
  );

/** What staff write down of why they acted (a resident's request by phone): kept in the audit log for years, so no card number. */
export const staffNote = z
  .string()
  .max(STAFF_NOTE_MAX_LENGTH, { ...problem(UserErrorCode.TOO_LONG, 'error.tooLong'), abort: true })
  .refine((value) => !containsCardNumber(value), noCardNumber);

/** One of the city's languages; a missing one is REQUIRED (GraphQL's enum already refuses anything else). */
export const localeOf = (enabled: readonly Locale[]) =>
  z.enum(SUPPORTED_LOCALES, REQUIRED).refine((locale) => enabled.includes(locale), problem(UserErrorCode.UNSUPPORTED_LOCALE, 'customer.localeUnsupported'));

/** A field the person must fill: missing, null or blank is REQUIRED, anything else must pass `field`. */
export const required = <Output>(field: z.ZodType<Output, string>) =>
  z
    .string(REQUIRED)
    .trim()
    .min(1, { ...REQUIRED, abort: true })
    .pipe(field);

/** A field the person may leave empty: blank is null, null stays null, missing stays undefined. */
export const optional = <Output>(field: z.ZodType<Output, string>) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), field.nullish());

/** A field this city does not ask for: whatever is sent, it is not kept. */
export const ignored = z
  .unknown()
  .optional()
  .transform(() => null);
