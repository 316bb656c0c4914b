import { createHash } from 'node:crypto';
import { formatMoney, looksLikeCardNumber, money, parseMoney, translate, type Locale, type MessageKey, UserErrorCode, type UserError } from '@platform/core';

export interface AllocationRequest {
  /** Signed in: one of the viewer's linked accounts. */
  readonly serviceAccountId?: string | null;
  /** A guest: the account as printed on the bill, with the city's second factor where it asks for one. */
  readonly accountNumber?: string | null;
  readonly lastPaymentAmount?: string | null;
  /** One payable on its own (a citation), as lookupPayable found it. */
  readonly payableId?: string | null;
  readonly amount: string;
}

export interface PaymentRequest {
  readonly idempotencyKey: string;
  readonly allocations: readonly AllocationRequest[];
  /** The processor's token from its hosted form; never a card or bank number. */
  readonly token?: string | null;
  /** Or one of the signed-in viewer's saved methods. */
  readonly savedMethodId?: string | null;
  /** Where a guest's receipt goes; a signed-in payer's defaults to their own email. */
  readonly payerEmail?: string | null;
}

export interface CheckedAllocation {
  readonly index: number;
  readonly request: AllocationRequest;
  readonly amountCents: bigint;
}

export const MAX_ALLOCATIONS = 20;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const TOKEN = /^[A-Za-z0-9_-]{8,128}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/**
 * The checks that need nothing but the request: amounts in exact cents,
 * one target per allocation, one method, and no card number where a token
 * belongs. Reports every problem at once.
 */
export function checkPaymentRequest(request: PaymentRequest, options: { readonly guest: boolean; readonly maxPaymentCents: bigint; readonly locale: Locale }): { allocations: CheckedAllocation[]; userErrors: UserError[] } {
  const userErrors: UserError[] = [];
  const fail = (field: string[], code: UserErrorCode, key: MessageKey, params: Record<string, string | number> = {}) =>
    userErrors.push({ field, code, message: translate(options.locale, key, params) });

  if (!IDEMPOTENCY_KEY.test(request.idempotencyKey)) fail(['input', 'idempotencyKey'], UserErrorCode.REQUIRED, 'payment.idempotencyKeyInvalid');
  if (request.allocations.length === 0) fail(['input', 'allocations'], UserErrorCode.REQUIRED, 'payment.allocationsRequired');
  if (request.allocations.length > MAX_ALLOCATIONS) fail(['input', 'allocations'], UserErrorCode.TOO_MANY_ALLOCATIONS, 'payment.tooManyAllocations', { max: MAX_ALLOCATIONS });

  const allocations: CheckedAllocation[] = [];
  request.allocations.slice(0, MAX_ALLOCATIONS).forEach((allocation, index) => {
    const path = ['input', 'allocations', String(index)];
    const targets = [allocation.serviceAccountId, allocation.accountNumber, allocation.payableId].filter((t) => t != null && t.trim() !== '');
    if (targets.length !== 1) fail(path, UserErrorCode.REQUIRED, 'payment.oneTarget');
    else if (allocation.serviceAccountId && options.guest) fail([...path, 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_LINKED, 'payment.signInForLinkedAccounts');
    const amount = parseMoney(allocation.amount);
    if (!amount.ok || amount.value.cents <= 0n) fail([...path, 'amount'], UserErrorCode.INVALID_AMOUNT, 'payment.invalidAmount');
    else allocations.push({ index, request: allocation, amountCents: amount.value.cents });
  });
  const totalCents = allocations.reduce((sum, a) => sum + a.amountCents, 0n);
  if (totalCents > options.maxPaymentCents) {
    fail(['input', 'allocations'], UserErrorCode.AMOUNT_TOO_LARGE, 'payment.amountTooLarge', { max: formatMoney(money(options.maxPaymentCents), options.locale) });
  }

  const token = request.token?.trim() ?? '';
  const saved = request.savedMethodId?.trim() ?? '';
  if ((token === '') === (saved === '')) fail(['input'], UserErrorCode.REQUIRED, 'payment.oneMethod');
  else if (token !== '' && looksLikeCardNumber(token.replace(/[\s-]/g, ''))) fail(['input', 'token'], UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'payment.cardNumberNotAccepted');
  else if (token !== '' && (!TOKEN.test(token) || /^\d+$/.test(token))) fail(['input', 'token'], UserErrorCode.INVALID_TOKEN, 'payment.invalidToken');
  else if (saved !== '' && options.guest) fail(['input', 'savedMethodId'], UserErrorCode.METHOD_NOT_FOUND, 'payment.methodNotFound');

  const email = request.payerEmail?.trim() ?? '';
  if (options.guest && email === '') fail(['input', 'payerEmail'], UserErrorCode.REQUIRED, 'payment.emailRequired');
  else if (email !== '' && !EMAIL.test(email)) fail(['input', 'payerEmail'], UserErrorCode.INVALID_EMAIL, 'payment.invalidEmail');
  return { allocations, userErrors };
}

/**
 * A fingerprint of the request as the payer meant it, to tell a retry (same
 * key, same request: same answer) from a reused key (same key, different
 * request: refused). The payer is part of it: nobody else can replay a key.
 */
export function requestHash(request: PaymentRequest, payer: string): string {
  const canonical = {
    payer,
    allocations: request.allocations.map((a) => [a.serviceAccountId ?? null, a.accountNumber?.trim() ?? null, a.lastPaymentAmount?.trim() ?? null, a.payableId ?? null, a.amount.trim()]),
    token: request.token?.trim() || null,
    savedMethodId: request.savedMethodId?.trim() || null,
    payerEmail: request.payerEmail?.trim().toLowerCase() || null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
