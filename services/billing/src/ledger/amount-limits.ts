/**
 * The most one adjustment moves, either way: $1,000,000.00. Far beyond any
 * correction a utility bill needs, and an entry is append-only, so a slip of
 * the keyboard ("9999999999" for "99.99") must not reach the ledger. A bill
 * may charge no more, since one adjustment must be able to take it back.
 */
export const MAX_ADJUSTMENT_CENTS = 100_000_000n;
