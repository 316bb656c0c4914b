import type { TenantContext } from '@platform/api';
import { DomainError, ErrorCode, translate, type RateLimitReason } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { GIVE_BACK_ATTEMPT, addressBlock, bucketKey, bySource, giveBackAttempts, rateLimitedError, reserveAttempts, type LimitCheck, type RateLimitRule, type Reservation } from '@platform/auth';
import { runPrepared, tenantRoundTrip, withTenant, type BoundStatement, type PreparedStatement, type TenantScope } from '@platform/db';
import type { ProcessorResult } from '@platform/processor';
import { QueryFailedError } from 'typeorm';
import type { PaymentScope } from '../payment-scope';

/*
 * Card testing: a list of stolen cards tried on the payment form, a dollar
 * at a time, each card once, to learn which still work. Declines are limited
 * in the buckets every other limit uses (rate_limit_buckets, as
 * reserveAttempts keeps them), three ways, each 5 per 15 minutes (a look-up's
 * failures per account): a payer whose card is refused tries another card
 * or two, and five refusals in a quarter of an hour is no longer a payer,
 * while a list of hundreds gets 20 tries an hour.
 * - Per client address: one tester. Its place is taken as reserveAttempts
 *   takes one, before the processor is asked, and given back unless the
 *   charge is declined, so a burst from one address gets no more charges
 *   tried than the limit, and a payer's successes (or a processor outage)
 *   never spend it.
 * - Per account paid from one source (the address, or the caller's number;
 *   callers who withhold theirs count together, see declineSource) and per
 *   payment method, by the processor's fingerprint (one card's expiry or
 *   postal code guessed from many addresses): checked before the processor
 *   is asked, counted when a decline is recorded. They hold no place while a
 *   charge is under way: twenty payments at once to one account, or with one
 *   card, are a landlord's or a household's, not an attack. So a burst from
 *   many addresses at once is bounded by each address's limit only.
 * An account's declines are never counted against the account alone for
 *   everyone: its number is printed on every bill, so whoever holds a
 *   neighbour's could refuse that account every payment, on the web and by
 *   phone, fifteen minutes at a time, on the due date or the day before
 *   disconnection (test/payments/decline-lockout.test.ts).
 * - Per account from anyone, a backstop: ten declines an hour, from any
 *   addresses and cards, and the account is no longer paid by guests and
 *   callers (a tester with a botnet and a list of cards otherwise got five
 *   per address for ever). Its resident signed in, paying it as an account
 *   they linked, is counted but never refused by it: the sign-in is the proof
 *   a stranger holding the bill lacks (test/payments/decline-backstop.test.ts).
 *   Checked and counted as the per-source limits are.
 * A payer refused is told that nothing was charged and how to pay anyway
 * (the city's customer service and office: declineLimitedError).
 * The limits are checked in the round trip that records the payment PENDING
 * (no round trip of their own), and settled in one round trip after the
 * outcome is committed (settleDeclinePlaces).
 * Account testing, the same with bank accounts, needs no charge: the
 * processor's check of a bank account the city has not seen says whether it
 * exists. So that check, on a payment or saving a method to the wallet, is
 * made under the same limits, before anything is recorded, and its "no such
 * account" counts as a decline (limitedBankCheck). The wallet has no account
 * paid: its checks are limited per user instead.
 * Staff at the counter and autopay record payments without these limits.
 */
const DECLINES_PER_IP: RateLimitRule = { name: 'payment-decline-ip', limit: 5, windowSeconds: 15 * 60, reason: 'PAYMENT_DECLINES' };
const DECLINES_PER_ACCOUNT: RateLimitRule = { name: 'payment-decline-account', limit: 5, windowSeconds: 15 * 60, reason: 'PAYMENT_DECLINES', perSource: true };
const DECLINES_PER_METHOD: RateLimitRule = { name: 'payment-decline-method', limit: 5, windowSeconds: 15 * 60, reason: 'PAYMENT_DECLINES' };
const DECLINES_PER_USER: RateLimitRule = { name: 'payment-decline-user', limit: 5, windowSeconds: 15 * 60, reason: 'PAYMENT_DECLINES' };
const DECLINES_PER_ACCOUNT_FROM_ANYONE: RateLimitRule = { name: 'payment-decline-account-all', limit: 10, windowSeconds: 60 * 60, reason: 'ACCOUNT_DECLINE_LIMIT' };

/** What a refusal by the backstop carries in its extensions, beside when to try again: a client may offer its sign-in. */
export const ACCOUNT_DECLINE_LIMIT: RateLimitReason = 'ACCOUNT_DECLINE_LIMIT';

interface Bucket {
  readonly rule: RateLimitRule;
  readonly key: string;
  /**
   * HELD: an attempt holds a place in it until its outcome (the address). CHECKED: the attempt is refused when it is
   * spent, and counted if declined. COUNTED: counted if declined, never refused (the backstop, for the account's
   * signed-in resident).
   */
  readonly mode: 'HELD' | 'CHECKED' | 'COUNTED';
}

/** The limits one payment (or one saved method's check) is made under. */
export interface DeclineLimits {
  /** The operation, as the security log names it. */
  readonly action: string;
  readonly checks: readonly LimitCheck[];
  /** In key order, the order every limit locks its buckets in, so two payments sharing some cannot deadlock. */
  readonly buckets: readonly Bucket[];
}

/** A recorded payment's standing under its limits: the places it holds (each in the window it was taken in), and the buckets its decline counts in. */
export interface HeldPlaces {
  readonly tenantId: string;
  readonly held: readonly { readonly key: string; readonly windowEndsAt: Date }[];
  readonly countedIfDeclined: readonly Bucket[];
}

/** An account a payment pays, as its limits see it. */
export interface AccountPaid {
  readonly serviceAccountId: string;
  /** Paid by the signed-in resident who linked it: under the backstop's count, never refused by it. */
  readonly linkedToPayer?: boolean;
}

/**
 * The limits on a payment from the request's address, to these accounts, by the method with this
 * fingerprint; each account's declines counted from `source` (the request's address unless the channel says otherwise),
 * an IPv6 address as its /64 network, as every address's own limit counts it (a key of account and address is no
 * address bucketKey would know to group), and from anyone (the backstop).
 */
export function declineLimitsFor(ctx: TenantContext, accounts: readonly AccountPaid[], methodFingerprint: string, source: string = ctx.clientIp): DeclineLimits {
  const counted = accounts.filter((account) => account.linkedToPayer).map(({ serviceAccountId }) => bucketKey(DECLINES_PER_ACCOUNT_FROM_ANYONE, serviceAccountId));
  return limitsOf(
    'makePayment',
    [
      [DECLINES_PER_IP, ctx.clientIp],
      ...accounts.map(({ serviceAccountId }) => [DECLINES_PER_ACCOUNT, bySource(serviceAccountId, addressBlock(source))] as const),
      ...accounts.map(({ serviceAccountId }) => [DECLINES_PER_ACCOUNT_FROM_ANYONE, serviceAccountId] as const),
      [DECLINES_PER_METHOD, methodFingerprint],
    ],
    counted,
  );
}

/**
 * A card declined by its bank before any charge was asked of payments: the phone line's `<Pay>`, whose connector
 * tokenizes the card with its bank and may answer with the bank's decline. `declined` counts it, as a declined charge
 * is counted, from the request's address, against each account from `source` and against the account from anyone (no
 * method: no token was made); then, declined or not, a limit spent is refused (RATE_LIMITED, declineLimitedError),
 * so no further card is read for it.
 */
export async function cardReadUnderDeclineLimits(ctx: TenantContext, accounts: readonly AccountPaid[], source: string, declined: boolean, placesHeld = false): Promise<void> {
  const limits = placesHeld ? heldWhileKeyed(cardReadLimits(ctx, accounts, source)) : cardReadLimits(ctx, accounts, source);
  // A card read under places held (holdCardReadPlaces) is counted in those by keeping them: only the others count it here.
  const counted = limits.buckets.filter(({ mode }) => mode !== 'HELD');
  if (declined) await settleDeclinePlaces(ctx, { tenantId: ctx.tenant.id, held: [], countedIfDeclined: counted }, true);
  await refuseOverDeclineLimit(ctx, limits);
}

/**
 * A place in the card-read limits of the caller (its address, and each account from `source`), held while a card is
 * keyed into the phone line's `<Pay>`, the account's backstop checked (RATE_LIMITED, declineLimitedError, when one is
 * spent). Only checked, a burst of calls open at once from one number each had a card read by its bank before the
 * first decline was counted. The caller keeps the places (the call's state): a card its bank declines is counted by
 * keeping them (and in the backstop: cardReadUnderDeclineLimits with `placesHeld`), anything else gives them back
 * (giveBackCardReadPlaces): a card read, keyed wrong, or a call ended without a card.
 */
export async function holdCardReadPlaces(ctx: TenantContext, accounts: readonly AccountPaid[], source: string): Promise<HeldPlaces['held']> {
  return (await takePlacesAlone(ctx, heldWhileKeyed(cardReadLimits(ctx, accounts, source)))).held;
}

/**
 * The card-read limits with a place held in each but the account's backstop: cards being keyed are no declines, and
 * ten strangers keying cards at once for an account, its number being on every bill, would refuse its resident every
 * guest payment for as long as they kept at it; the backstop counts declines only, as it does for charges.
 */
function heldWhileKeyed(limits: DeclineLimits): DeclineLimits {
  return { ...limits, buckets: limits.buckets.map((bucket) => (bucket.mode === 'CHECKED' && bucket.rule !== DECLINES_PER_ACCOUNT_FROM_ANYONE ? { ...bucket, mode: 'HELD' } : bucket)) };
}

/** Gives back places holdCardReadPlaces held, each in the window it was taken in (a window since ended is left alone). */
export async function giveBackCardReadPlaces(scope: TenantScope, held: HeldPlaces['held']): Promise<void> {
  if (held.length === 0) return;
  await withTenant(scope, async (manager) => {
    for (const { key, windowEndsAt } of held) await runPrepared(manager, GIVE_BACK_ATTEMPT, [key, windowEndsAt]);
  });
}

/** The limits on a card read for these accounts: the request's address, each account from `source`, each account from anyone. */
function cardReadLimits(ctx: TenantContext, accounts: readonly AccountPaid[], source: string): DeclineLimits {
  return limitsOf('cardRead', [
    [DECLINES_PER_IP, ctx.clientIp],
    ...accounts.map(({ serviceAccountId }) => [DECLINES_PER_ACCOUNT, bySource(serviceAccountId, addressBlock(source))] as const),
    ...accounts.map(({ serviceAccountId }) => [DECLINES_PER_ACCOUNT_FROM_ANYONE, serviceAccountId] as const),
  ]);
}

/** The limits on a method saved to the wallet from the request's address, by this user, with this fingerprint. */
export function walletDeclineLimitsFor(ctx: TenantContext, userId: string, methodFingerprint: string): DeclineLimits {
  return limitsOf('savePaymentMethod', [
    [DECLINES_PER_IP, ctx.clientIp],
    [DECLINES_PER_USER, userId],
    [DECLINES_PER_METHOD, methodFingerprint],
  ]);
}

/** The limits of `checks`, those whose keys are in `countedOnly` counted if declined but never refused (nor checked by refuseOverDeclineLimit). */
function limitsOf(action: string, checks: readonly LimitCheck[], countedOnly: readonly string[] = []): DeclineLimits {
  const modeOf = (rule: RateLimitRule, key: string): Bucket['mode'] => (countedOnly.includes(key) ? 'COUNTED' : rule === DECLINES_PER_IP ? 'HELD' : 'CHECKED');
  const buckets = checks.map(([rule, subject]) => ({ rule, key: bucketKey(rule, subject) })).map(({ rule, key }) => ({ rule, key, mode: modeOf(rule, key) }));
  return {
    action,
    checks: checks.filter(([rule, subject]) => !countedOnly.includes(bucketKey(rule, subject))),
    buckets: buckets.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/** What a bank account's check with the processor answers (PaymentProcessor.verifyBankAccount). */
type BankCheck = ProcessorResult<{ readonly valid: boolean; readonly reason: string | null }>;

/** Runs a bank account's check with the processor under decline limits, chosen by the account's fingerprint. */
export type BankCheckLimiter = (fingerprint: string, check: () => Promise<BankCheck>) => Promise<BankCheck>;

/**
 * A bank account's check under `limitsFor` its fingerprint, as a charge is
 * under them: a place taken (or a spent limit refused, RATE_LIMITED, the
 * processor not asked) in a round trip of its own, and after the answer a
 * bank account the bank does not have counted as a decline; any other
 * answer (a good account, no answer) gives the place back.
 */
export function limitedBankCheck(ctx: TenantContext, limitsFor: (fingerprint: string) => DeclineLimits): BankCheckLimiter {
  return async (fingerprint, check) => {
    const limits = everyPlaceHeld(limitsFor(fingerprint));
    const places = await takePlacesAlone(ctx, limits);
    let answer: BankCheck;
    try {
      answer = await check();
    } catch (error) {
      await settleDeclinePlaces(ctx, places, false);
      throw error;
    }
    await settleDeclinePlaces(ctx, places, answer.outcome === 'REJECTED' || (answer.outcome === 'OK' && !answer.value.valid));
    return answer;
  };
}

/**
 * The same limits holding a place in every bucket, as a bank account's check
 * takes them: whether an account exists is all it answers, so a burst from
 * many addresses gets no more answers per user, account paid or bank account
 * than one address does. (A charge holds its place per address only: twenty
 * payments at once to one account are a landlord's, and each is checked
 * against the count of declines.)
 */
function everyPlaceHeld(limits: DeclineLimits): DeclineLimits {
  return { ...limits, buckets: limits.buckets.map((bucket) => (bucket.mode === 'CHECKED' ? { ...bucket, mode: 'HELD' } : bucket)) };
}

/** takePlaces in a round trip of its own; a spent limit refused as recordWithinLimits refuses it (make-payment.service.ts). */
async function takePlacesAlone(ctx: TenantContext, limits: DeclineLimits): Promise<HeldPlaces> {
  for (let attempt = 0; ; attempt++) {
    try {
      return placesTaken(ctx, limits, await tenantRoundTrip(ctx, takePlaces(ctx, limits)));
    } catch (error) {
      if (!declineLimitReached(error)) throw error;
      if (attempt >= 2) throw await declineLimitedError(ctx, rateLimitedError(ctx.locale, 60, 'PAYMENT_DECLINES'));
      await refuseOverDeclineLimit(ctx, limits);
    }
  }
}

/**
 * Statements for the PENDING payment's round trip, ahead of its insert, one
 * per bucket: each takes its place or checks its count, and fails the round
 * trip when its limit is spent (see declineLimitReached), so nothing is
 * recorded, counted or charged.
 */
export function takePlaces(scope: PaymentScope, limits: DeclineLimits): BoundStatement[] {
  const now = scope.clock.now();
  return limits.buckets.flatMap(({ rule, key, mode }) => {
    if (mode === 'HELD') return [{ statement: TAKE_PLACE, values: [scope.tenant.id, key, now, rule.windowSeconds, rule.limit] }];
    return mode === 'CHECKED' ? [{ statement: CHECK_SPENT, values: [key, now, rule.limit] }] : [];
  });
}

/** The places taken, from the answers of takePlaces' statements (in their order). */
export function placesTaken(scope: PaymentScope, limits: DeclineLimits, answers: readonly unknown[][]): HeldPlaces {
  const asked = limits.buckets.filter(({ mode }) => mode !== 'COUNTED');
  const held = asked.flatMap(({ key, mode }, i) => {
    if (mode !== 'HELD') return [];
    const [row] = answers[i] as { window_ends_at: Date }[];
    if (!row) throw new Error(`no window for a decline limit's place (${key})`);
    return [{ key, windowEndsAt: row.window_ends_at }];
  });
  return { tenantId: scope.tenant.id, held, countedIfDeclined: limits.buckets.filter(({ mode }) => mode !== 'HELD') };
}

/**
 * A payment's places together with those its accounts' proofs hold under
 * billing's found limits (a guest's proof counts as a look-up does), in key
 * order, so its outcome settles them all in one round trip: charged (or not
 * answered), the payment gives them back, so paying is never limited by
 * paying; declined, it keeps them, as it keeps its address's place.
 */
export function withFoundPlaces(places: HeldPlaces | null, proofs: readonly Reservation[]): HeldPlaces | null {
  if (!places) return null;
  const found = proofs.flatMap((proof) => proof.held.map(({ key, windowEndsAt }) => ({ key, windowEndsAt })));
  return { ...places, held: [...places.held, ...found].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}

/**
 * The decline limits' side of an outcome, in a transaction of its own once
 * the outcome is committed: inside it, the buckets would be locked after the
 * accounts by this path and before them by a payment being recorded (which
 * takes its place after checking what is owed), and the two could deadlock.
 * A failure here leaves the place taken until its window ends, which errs on
 * the side of the limit, and does not turn a payment made into an error.
 */
export async function settleDeclinePlaces(ctx: TenantContext, places: HeldPlaces | null, declined: boolean): Promise<void> {
  const statements = settlePlaces(ctx, places, declined);
  if (statements.length === 0) return;
  try {
    await tenantRoundTrip(ctx, statements, { waitForFlush: false });
  } catch (error) {
    ctx.log.warn({ err: error }, 'decline limit places not settled');
  }
}

/**
 * What an outcome does with its places: a
 * decline keeps them and is counted against its accounts (or user) and method; any
 * other outcome (charged, refused by the processor, no answer) gives them
 * back. In key order, as takePlaces.
 */
function settlePlaces(scope: PaymentScope, places: HeldPlaces | null, declined: boolean): BoundStatement[] {
  if (!places) return [];
  if (!declined) return places.held.map(({ key, windowEndsAt }) => ({ statement: GIVE_BACK_ATTEMPT, values: [key, windowEndsAt] }));
  const now = scope.clock.now();
  return places.countedIfDeclined.map(({ rule, key }) => ({ statement: COUNT_DECLINE, values: [places.tenantId, key, now, rule.windowSeconds] }));
}

/** Whether a round trip failed on a spent decline limit: only these statements ever set a bucket's hits to NULL. */
export function declineLimitReached(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const cause = error.driverError as { code?: string; table?: string; column?: string };
  return cause.code === NOT_NULL_VIOLATION && cause.table === 'rate_limit_buckets' && cause.column === 'hits';
}

/**
 * Refuses a payment whose round trip found a limit spent, as every limit
 * refuses: reserveAttempts counts the attempt again, writes the first
 * refusal of each full bucket's window to the security log and throws
 * RATE_LIMITED with when to retry. Returns only when a place opened in the
 * meantime (a window ended, a charge gave its place back); what it took is
 * given back, and the caller tries again.
 */
export async function refuseOverDeclineLimit(ctx: TenantContext, limits: DeclineLimits): Promise<void> {
  let reservation: Reservation;
  try {
    reservation = await reserveAttempts(ctx, limits.action, limits.checks);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED)) throw error;
    throw await declineLimitedError(ctx, error, await backstopSpent(ctx, limits));
  }
  await withTenant(ctx, (manager) => giveBackAttempts(manager, reservation), { waitForFlush: false });
}

/**
 * A decline limit's refusal (RATE_LIMITED, with when to try again) saying
 * too that nothing was charged and how to pay anyway: the city's customer
 * service and office, where they are published. The payer refused may be the
 * account's own resident, on their due date, behind an address a tester
 * shares; waiting is not the only way to pay.
 */
export async function declineLimitedError(ctx: TenantContext, refusal: DomainError, byBackstop = false): Promise<DomainError> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  const contact = tenant?.settings.contact;
  const office = contact?.officeAddress;
  const sentences = [
    refusal.message,
    translate(ctx.locale, 'payment.declineLimited.notCharged'),
    ...(byBackstop ? [translate(ctx.locale, 'payment.declineLimited.signIn')] : []),
    ...(contact?.customerServicePhone ? [translate(ctx.locale, 'payment.declineLimited.call', { phone: contact.customerServicePhone })] : []),
    ...(office ? [translate(ctx.locale, 'payment.declineLimited.office', { address: `${office.line1}, ${office.city}` })] : []),
  ];
  return new DomainError(ErrorCode.RATE_LIMITED, sentences.join(' '), { ...refusal.details, ...(byBackstop ? { reason: ACCOUNT_DECLINE_LIMIT } : {}) });
}

/**
 * Whether an account's backstop is among the limits spent: then the refusal
 * says so (extensions.reason ACCOUNT_DECLINE_LIMIT) and that its resident,
 * signed in, still pays it; the phone line puts its caller through.
 */
async function backstopSpent(ctx: TenantContext, limits: DeclineLimits): Promise<boolean> {
  const keys = limits.buckets.filter(({ rule, mode }) => rule === DECLINES_PER_ACCOUNT_FROM_ANYONE && mode !== 'COUNTED').map(({ key }) => key);
  if (keys.length === 0) return false;
  const spent = await withTenant(ctx, (manager) =>
    manager.query<unknown[]>('SELECT 1 FROM rate_limit_buckets WHERE bucket_key = ANY($1) AND window_ends_at > $2 AND hits >= $3', [keys, ctx.clock.now(), DECLINES_PER_ACCOUNT_FROM_ANYONE.limit]),
  );
  return spent.length > 0;
}

const NOT_NULL_VIOLATION = '23502';

/**
 * $1 tenant, $2 bucket key, $3 now, $4 window seconds, $5 limit. Takes a
 * place, as reserveAttempts' own statement does, and answers the window it
 * was taken in. In a spent bucket hits becomes NULL, which its NOT NULL
 * refuses: the round trip fails, and the PENDING insert after it with it.
 */
const TAKE_PLACE: PreparedStatement = {
  name: 'payments.decline-limit.take',
  text: `INSERT INTO rate_limit_buckets AS b (tenant_id, bucket_key, hits, refused, window_ends_at)
     VALUES ($1, $2, 1, 0, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET
       hits = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 1 WHEN b.hits < $5 THEN b.hits + 1 END,
       refused = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 0 ELSE b.refused END,
       window_ends_at = CASE WHEN b.window_ends_at <= $3::timestamptz THEN $3::timestamptz + make_interval(secs => $4) ELSE b.window_ends_at END
     RETURNING window_ends_at`,
};

/** $1 bucket key, $2 now, $3 limit. Fails the round trip as TAKE_PLACE does when the bucket is spent; otherwise writes nothing. */
const CHECK_SPENT: PreparedStatement = {
  name: 'payments.decline-limit.check',
  text: 'UPDATE rate_limit_buckets SET hits = NULL WHERE bucket_key = $1 AND window_ends_at > $2::timestamptz AND hits >= $3',
};

/** $1 tenant, $2 bucket key, $3 now, $4 window seconds. Counts a decline: the attempt was let through when there was room. */
const COUNT_DECLINE: PreparedStatement = {
  name: 'payments.decline-limit.count',
  text: `INSERT INTO rate_limit_buckets AS b (tenant_id, bucket_key, hits, refused, window_ends_at)
     VALUES ($1, $2, 1, 0, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET
       hits = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 1 ELSE b.hits + 1 END,
       refused = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 0 ELSE b.refused END,
       window_ends_at = CASE WHEN b.window_ends_at <= $3::timestamptz THEN $3::timestamptz + make_interval(secs => $4) ELSE b.window_ends_at END`,
};

/** The account's declines, from anyone and from each address: what staff read as its lockouts, and clear for its resident. */
export function accountDeclineLimitChecks(serviceAccountId: string): LimitCheck[] {
  // The account's declines from each address are its own too: a resident whose own cards were declined five times
  // from home is refused there (DECLINES_PER_ACCOUNT, by source).
  return [
    [DECLINES_PER_ACCOUNT_FROM_ANYONE, serviceAccountId],
    [DECLINES_PER_ACCOUNT, serviceAccountId],
  ];
}
