/**
 * Why a resident's paperless choice stopped being in force (customers' paperless lapses): each is said in the
 * PAPERLESS_ENDED email and kept in the audit log and the account's paperless changes.
 */
export const PAPERLESS_END_REASONS = ['UNLINKED', 'BILL_NOTICES_OFF', 'ACCOUNT_CLOSED', 'EMAIL_UNPROVED', 'EMAIL_UNDELIVERABLE'] as const;
export type PaperlessEndReason = (typeof PAPERLESS_END_REASONS)[number];
