import type { EntityManager } from 'typeorm';
import { retractAccountNotices } from './retracted-notices';

/*
 * A suspension notice tells the resident that autopay is suspended and asks
 * for a new payment method. Once the enrolment is resumed (a new method,
 * what it asked for) or ended, it no longer holds: sent again, it would tell
 * her to do what she did, or of an autopay she no longer has. As with the
 * charges autopay announces (charge-announcements.service.ts), whether the
 * suspension stands is autopay's to know, so autopay says so, in the
 * transaction that ends it.
 */

/** SQL: a suspension notice not yet retracted; the predicate of the index that finds them. */
const UNRETRACTED_SUSPENSION = `template = 'AUTOPAY_SUSPENDED' AND NOT retracted`;

/**
 * Marks the accounts' suspension notices, sent, failed, suppressed or still
 * waiting, as no longer holding, in the caller's transaction: autopay for
 * these accounts is no longer suspended (resumed or ended). Staff may then
 * not send them again. One still waiting is withdrawn by
 * withdrawPendingAccountNotices, which the caller runs after this one.
 */
export async function retractSuspensionNotices(manager: EntityManager, accountNumbers: readonly string[]): Promise<void> {
  await retractAccountNotices(manager, accountNumbers, UNRETRACTED_SUSPENSION);
}
