import { problem, validateInput } from '@platform/api';
import { normaliseIdentifier } from '@platform/auth';
import { containsCardNumber, EMAIL_MAX_LENGTH, formatMoney, isDeliverableEmail, money, ok, refused, userError, type Locale, type Result, UserErrorCode } from '@platform/core';
import { z } from 'zod';
import { apiIdempotencyKeyInput, idempotencyKeyInput, positiveAmountInput } from '../payment/input-checks';
import type { PaymentChannel } from '../payment/payment-channel';
import type { MethodChoice } from './payment-method.service';
import { tokenRefusal } from './processor-token';

interface AllocationRequest {
  /** Signed in: one of the viewer's linked accounts. */
  readonly serviceAccountId?: string | null;
  /** A guest: the account as printed on the bill, with the city's second factor where it asks for one. */
  readonly accountNumber?: string | null;
  readonly lastPaymentAmount?: string | null;
  /** One payable on its own (a citation), as lookupPayable found it. */
  readonly payableId?: string | null;
  readonly amount: string;
}

/** A payment as a payer sends it (makePayment's input). */
export interface PaymentRequest {
  readonly idempotencyKey: string;
  readonly allocations: readonly AllocationRequest[];
  /** The processor's token from its hosted form; never a card or bank number. */
  readonly token?: string | null;
  /** Or one of the signed-in viewer's saved methods. */
  readonly savedMethodId?: string | null;
  /** Where a guest's receipt goes; a signed-in payer's defaults to their own email. */
  readonly payerEmail?: string | null;
  /**
   * The total the payer was shown and confirmed (amounts plus the city's
   * convenience fee; dollars and cents, "102.95"): given, the payment is
   * made at that total or not at all (FEE_CHANGED). Optional, for callers
   * from before it (a phone call confirmed before the line kept what it
   * read): without it the fee is the city's at the moment of charging.
   */
  readonly confirmedTotal?: string | null;
  /**
   * The payer chose "the amount due" (the phone line's 1) and was told it:
   * each allocation to an account is that account's whole amount due as they
   * heard it. The payment is recorded only while each account still owes
   * exactly that, less its payments still with the processor, checked under
   * the account's lock as the payment is recorded; otherwise nothing is
   * recorded or charged (AMOUNT_DUE_CHANGED), so an amount due paid meanwhile
   * (autopay, the web, another caller) is not paid again. Not part of the
   * request's fingerprint: a retry under the key is its payment either way.
   * Not on the GraphQL input: a page shows what is owed and takes an amount.
   */
  readonly paysAmountDue?: boolean;
}

/** One allocation that passed the request's own checks: exactly one target, blanks as null; `index` is its place in the request (for field paths). */
export interface CheckedAllocation {
  readonly index: number;
  readonly serviceAccountId: string | null;
  readonly accountNumber: string | null;
  readonly lastPaymentAmount: string | null;
  readonly payableId: string | null;
  readonly amountCents: bigint;
}

/** A request that passed every check needing nothing but the request, as the rest of makePayment uses it. */
export interface CheckedPaymentRequest {
  readonly allocations: readonly CheckedAllocation[];
  readonly method: MethodChoice;
  /** Trimmed; null when not given. */
  readonly payerEmail: string | null;
  /** In cents; null when not given. */
  readonly confirmedTotalCents: bigint | null;
  /** See PaymentRequest.paysAmountDue. */
  readonly paysAmountDue: boolean;
}

export const MAX_ALLOCATIONS = 20;

/** Optional text: blank counts as not given. */
const optionalText = z
  .string()
  .nullish()
  .transform((text) => text?.trim() || null);

const filled = (text: string | null) => text !== null;

/*
 * A check across fields runs even when one of them failed its own checks
 * (zod skips it by default), so a person sees every problem at once. Such a
 * check reads only optional text, whose own parsing cannot fail.
 */
export const always = { when: (payload: { readonly value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/**
 * The allocations of a payment: one target each (an account or a payable),
 * an exact positive amount, at least one and at most MAX_ALLOCATIONS. A guest
 * pays no linked account. Shared by every way a payment is recorded.
 */
export function allocationsInput(guest: boolean) {
  const allocation = z
    .object({ serviceAccountId: optionalText, accountNumber: optionalText, lastPaymentAmount: optionalText, payableId: optionalText, amount: positiveAmountInput })
    .refine((a) => [a.serviceAccountId, a.accountNumber, a.payableId].filter(filled).length === 1, { ...problem(UserErrorCode.REQUIRED, 'payment.oneTarget'), ...always })
    .refine((a) => !guest || !filled(a.serviceAccountId), { ...problem(UserErrorCode.ACCOUNT_NOT_LINKED, 'payment.signInForLinkedAccounts'), path: ['serviceAccountId'], ...always });
  return z.array(allocation).min(1, problem(UserErrorCode.REQUIRED, 'payment.allocationsRequired')).max(MAX_ALLOCATIONS, problem(UserErrorCode.TOO_MANY_ALLOCATIONS, 'payment.tooManyAllocations'));
}

/** Checked allocations as the rest of a payment uses them, each with its place in the request; or a refusal when together they pass the city's maximum. */
export function checkedAllocations(
  allocations: readonly (Omit<CheckedAllocation, 'index' | 'amountCents'> & { readonly amount: bigint })[],
  options: { readonly maxPaymentCents: bigint | null; readonly locale: Locale },
): Result<CheckedAllocation[]> {
  const totalCents = allocations.reduce((sum, a) => sum + a.amount, 0n);
  if (options.maxPaymentCents !== null && totalCents > options.maxPaymentCents) {
    return refused(userError(options.locale, ['input', 'allocations'], UserErrorCode.AMOUNT_TOO_LARGE, 'payment.amountTooLarge', { max: formatMoney(money(options.maxPaymentCents), options.locale) }));
  }
  return ok(allocations.map(({ amount, ...target }, index) => ({ index, ...target, amountCents: amount })));
}

/** Optional text: blank counts as not given (exported for the other payment inputs). */
export { optionalText };

/**
 * Where a receipt goes, optional, in the form addresses are kept in. It is kept on the payment and in the outbox: a card
 * number typed into it must not be, valid address or not. Longer than any address, it is refused before that scan,
 * which reads every digit group: a few megabytes of "1 1 1 ..." held the gateway's one thread for seconds.
 */
export const receiptEmailInput = optionalText
  .refine((text) => text === null || text.length <= EMAIL_MAX_LENGTH, { ...problem(UserErrorCode.INVALID_EMAIL, 'payment.invalidEmail'), abort: true })
  .refine((text) => text === null || !containsCardNumber(text), { ...problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText'), abort: true })
  // In the one form addresses are kept in (as users' are), so a receipt to the holder is known as theirs however typed.
  .transform((text) => (text === null ? null : normaliseIdentifier(text)))
  // Checked as kept, by the check delivery makes, so no receipt is taken that would never be sent.
  .refine((text) => text === null || isDeliverableEmail(text), problem(UserErrorCode.INVALID_EMAIL, 'payment.invalidEmail'));

/**
 * Built per kind of payer: a guest pays no linked account and uses no saved method, and on the web must give an email
 * for the receipt; only the phone line makes keys of its own.
 */
function paymentRequestInput(guest: boolean, channel: PayerChannel) {
  const emailRequired = channel === 'WEB';
  const token = optionalText.superRefine((text, check) => {
    const refusal = text === null ? null : tokenRefusal(text);
    if (refusal) check.addIssue({ code: 'custom', message: problem(refusal.code, refusal.key).error });
  });
  const payerEmail = receiptEmailInput.refine((text) => !guest || !emailRequired || text !== null, problem(UserErrorCode.REQUIRED, 'payment.emailRequired'));
  return (
    z
      .object({
        idempotencyKey: channel === 'PHONE' ? idempotencyKeyInput : apiIdempotencyKeyInput,
        allocations: allocationsInput(guest),
        token,
        savedMethodId: optionalText,
        payerEmail,
        // Unlike optional text, blank is refused: a page that meant to confirm a total must not pay unconfirmed by mistake.
        confirmedTotal: positiveAmountInput.nullish(),
      })
      // Neither or both: the choice is between two fields, so the problem is the input's, not one field's.
      .refine((r) => filled(r.token) !== filled(r.savedMethodId), { ...problem(UserErrorCode.REQUIRED, 'payment.oneMethod'), ...always })
      .refine((r) => !guest || !filled(r.savedMethodId), { ...problem(UserErrorCode.METHOD_NOT_FOUND, 'payment.methodNotFound'), path: ['savedMethodId'], ...always })
  );
}

/** Where makePayment's payer is: the web and the API, or the phone line. */
export type PayerChannel = Extract<PaymentChannel, 'WEB' | 'PHONE'>;

const GUEST_REQUEST = paymentRequestInput(true, 'WEB');
const PHONE_GUEST_REQUEST = paymentRequestInput(true, 'PHONE');
const SIGNED_IN_REQUEST = paymentRequestInput(false, 'WEB');

/**
 * The checks that need nothing but the request and the city's limit:
 * amounts in exact cents, one target per allocation, one method, and no
 * card number where a token belongs; a confirmed total, when given, in exact
 * cents (whether it is still right needs the city's fee: confirmed-total.ts).
 * Every problem with a field is reported at once; the total is checked
 * against the city's maximum once the amounts themselves are good.
 */
export function checkPaymentRequest(
  request: PaymentRequest,
  /** `maxPaymentCents` null: no maximum (to read a request as it was when recorded, under a limit since lowered). */
  options: { readonly guest: boolean; readonly channel?: PayerChannel; readonly maxPaymentCents: bigint | null; readonly locale: Locale },
): Result<CheckedPaymentRequest> {
  const schema = !options.guest ? SIGNED_IN_REQUEST : options.channel === 'PHONE' ? PHONE_GUEST_REQUEST : GUEST_REQUEST;
  const parsed = validateInput(schema, request, options.locale);
  if (!parsed.ok) return parsed;
  const { allocations, token, savedMethodId, payerEmail, confirmedTotal } = parsed.value;
  const checked = checkedAllocations(allocations, options);
  if (!checked.ok) return checked;
  return ok({
    allocations: checked.value,
    // The schema let exactly one through.
    method: token !== null ? { token } : { savedMethodId: savedMethodId! },
    payerEmail,
    confirmedTotalCents: confirmedTotal ?? null,
    paysAmountDue: request.paysAmountDue === true,
  });
}
