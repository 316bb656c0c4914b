import type { PaymentLineEntity } from '../payment/payment-line.entity';
import type { PaymentEntity } from '../payment/payment.entity';

/*
 * Which lines of a payment a refund comes off (a payment has one line per
 * account it paid). A payment's lines keep what refunds took from each
 * (refundedCents), as billing's ledger has it for their accounts; billing is
 * handed the accounts in the order worked out here (refundPayment's
 * accountsInOrder) and takes from each in turn all it has left, the last
 * but what remains, so a refund here gives only part of what a line has
 * left from one line at most, and that line goes last.
 */

type RefundLine = Pick<PaymentLineEntity, 'serviceAccountId' | 'amountCents' | 'refundedCents'>;

/**
 * Per account, in cents: what refunds asked of that account and still with
 * the processor will take from its share when they are done. A refund
 * without an account recorded meanwhile leaves these cents alone, or the
 * account's refund, done, would no longer fit.
 */
export type AccountHolds = ReadonlyMap<string, bigint>;

/** The holds of a payment's open refunds (one without an account holds nothing of any one account). */
export function holdsOf(openRefunds: readonly { readonly serviceAccountId: string | null; readonly amountCents: bigint }[]): AccountHolds {
  const holds = new Map<string, bigint>();
  for (const refund of openRefunds) {
    if (refund.serviceAccountId !== null) holds.set(refund.serviceAccountId, (holds.get(refund.serviceAccountId) ?? 0n) + refund.amountCents);
  }
  return holds;
}

const leftOf = (line: RefundLine): bigint => line.amountCents - line.refundedCents;
const isHeld = (line: RefundLine, holds: AccountHolds): boolean => (holds.get(line.serviceAccountId) ?? 0n) > 0n;
const sum = (cents: readonly bigint[]): bigint => cents.reduce((total, c) => total + c, 0n);

/** What an account's share of a payment still has to give back: what its line paid, less what refunds took. Zero for an account the payment did not pay. */
export function leftOnAccount(lines: readonly RefundLine[], serviceAccountId: string): bigint {
  return sum(lines.filter((line) => line.serviceAccountId === serviceAccountId).map(leftOf));
}

/**
 * Per line: what a refund without an account may take from it. A line no
 * hold claims gives all it has left; of the lines holds claim, only the one
 * with the most left beyond its hold (the first, on a tie) gives, and only
 * that, since it can give only part of what it has left (see above).
 */
function capacityWithoutAccount(lines: readonly RefundLine[], holds: AccountHolds): bigint[] {
  const free = lines.map((line) => {
    const hold = holds.get(line.serviceAccountId) ?? 0n;
    return hold < leftOf(line) ? leftOf(line) - hold : 0n;
  });
  let widest = -1;
  for (const [i, line] of lines.entries()) if (isHeld(line, holds) && (widest < 0 || free[i]! > free[widest]!)) widest = i;
  return lines.map((line, i) => (!isHeld(line, holds) ? leftOf(line) : i === widest ? free[i]! : 0n));
}

/**
 * What a refund without an account can take from the payment now, lines and
 * convenience fee (what the payment has left beyond its lines' left).
 */
export function leftWithoutAccount(payment: Pick<PaymentEntity, 'refundedCents' | 'totalCents'>, lines: readonly RefundLine[], holds: AccountHolds): bigint {
  const feeLeft = payment.totalCents - payment.refundedCents - sum(lines.map(leftOf));
  return sum(capacityWithoutAccount(lines, holds)) + feeLeft;
}

/**
 * Per line, in line order: what a refund of `amountCents` takes from it.
 * Asked of one account (`serviceAccountId`), only that account's line
 * gives, up to what it has left. Otherwise the lines no hold claims give, in
 * their order, each up to what it has left, then the held line with most
 * left beyond its hold, up to that (without holds: the lines in order).
 * What the lines do not give comes off the convenience fee, which is why the
 * fee goes back only with the whole of the rest.
 */
export function takenByRefund(lines: readonly RefundLine[], amountCents: bigint, serviceAccountId: string | null, holds: AccountHolds): bigint[] {
  const capacity = serviceAccountId === null ? capacityWithoutAccount(lines, holds) : lines.map((line) => (line.serviceAccountId === serviceAccountId ? leftOf(line) : 0n));
  const unheldFirst = [...lines.keys()].sort((a, b) => Number(isHeld(lines[a]!, holds)) - Number(isHeld(lines[b]!, holds)));
  const taken = lines.map(() => 0n);
  let remaining = amountCents;
  for (const i of unheldFirst) {
    const take = remaining < capacity[i]! ? remaining : capacity[i]!;
    taken[i] = take;
    remaining -= take;
  }
  return taken;
}

/**
 * Whether a refund done at the processor can be recorded on its payment as
 * it stands, taken as takenByRefund says, `holds` being the other open
 * refunds': the payment has it left, and asked of one account, that
 * account's share has it all; otherwise the lines it may take and the fee
 * have it.
 */
export function refundFits(
  payment: Pick<PaymentEntity, 'refundedCents' | 'totalCents'>,
  lines: readonly RefundLine[],
  amountCents: bigint,
  serviceAccountId: string | null,
  holds: AccountHolds,
): boolean {
  if (payment.refundedCents + amountCents > payment.totalCents) return false;
  if (serviceAccountId !== null) return amountCents <= leftOnAccount(lines, serviceAccountId);
  return amountCents <= leftWithoutAccount(payment, lines, holds);
}

/**
 * The payment's accounts in the order billing is to take a refund from
 * them: those `taken` empties first, in line order, then the one it takes
 * only part of (takenByRefund takes part of one at most), then the others.
 * Billing takes from each in turn up to what it has left, so it takes just
 * what `taken` says.
 */
export function accountsInRefundOrder(lines: readonly RefundLine[], taken: readonly bigint[]): string[] {
  const emptied = lines.filter((line, i) => taken[i]! > 0n && taken[i] === leftOf(line));
  const part = lines.filter((line, i) => taken[i]! > 0n && taken[i]! < leftOf(line));
  const others = lines.filter((_, i) => taken[i]! === 0n);
  return [...emptied, ...part, ...others].map((line) => line.serviceAccountId);
}
