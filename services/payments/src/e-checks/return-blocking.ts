/**
 * How long an R01 (insufficient funds) return counts against its bank
 * account, in days: a second within it blocks the account.
 */
const NSF_WINDOW_DAYS = 90;

/**
 * Whether a return blocks the bank account it came from, given how many
 * earlier R01 returns of that account the city recorded within
 * NSF_WINDOW_DAYS. R01 alone may clear next time (NACHA lets the debit be
 * presented again), so the first is forgiven. A second says the account will
 * not cover one, and every bounce charges the account paid a returned-payment
 * fee, however many were sent (a stranger's, or a resident holding off
 * disconnection with e-checks that always come back). Any other code (R02
 * account closed, ...), or none, says the account itself is unusable.
 */
export function blocksBankAccount(returnCode: string | null, earlierNsfReturns: number): boolean {
  return returnCode !== 'R01' || earlierNsfReturns > 0;
}

/** The first moment whose R01 returns still count against a bank account at `now`. */
export function nsfWindowStart(now: Date): Date {
  return new Date(now.getTime() - NSF_WINDOW_DAYS * 24 * 60 * 60 * 1000);
}
