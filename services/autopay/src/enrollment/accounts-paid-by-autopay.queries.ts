import type { AccountsPaidByAutopay } from '@platform/customers';
import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { cycleOf, nextDeductionDate } from '../autopay-calendar';
import { shownAutopayStatus } from './autopay-status';
import { autopayOfAccounts } from './enrollment.queries';

/**
 * The day autopay next pays each of these accounts, for those it will (ENROLLED as the resident's autopay page shows
 * it: not suspended, lapsed or cancelled), in the caller's tenant transaction (customers' AccountsPaidByAutopay, wired
 * by the gateway): a new bill's notice then says when it will be paid, rather than asking to pay it by hand.
 */
export const accountsPaidByAutopay: AccountsPaidByAutopay = async (manager: EntityManager, { today, deductionDay }, accountIds) => {
  const autopay = await autopayOfAccounts(manager, accountIds, cycleOf(today));
  const dates = new Map<string, IsoDate>();
  for (const [accountId, { enrollment, method, schedule, lapsed }] of autopay) {
    if (enrollment && shownAutopayStatus(enrollment, method, lapsed) === 'ENROLLED') dates.set(accountId, nextDeductionDate(today, deductionDay, enrollment.firstCycle, schedule));
  }
  return dates;
};
