import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { AccountUnlinked } from './account-unlinked';

/**
 * The day autopay next pays each of these accounts, for those autopay pays (an account it does not is left out), in
 * the caller's tenant transaction, given the city's `today` and deduction day. Autopay's to know: the gateway wires
 * it, as AccountUnlinked.
 */
export type AccountsPaidByAutopay = (
  manager: EntityManager,
  calendar: { readonly today: IsoDate; readonly deductionDay: number },
  accountIds: readonly string[],
) => Promise<ReadonlyMap<string, IsoDate>>;

/** What customers needs of autopay, which depends on customers: the gateway hands it in. */
export interface AutopayDependencies {
  readonly accountUnlinked: AccountUnlinked;
  readonly accountsPaidByAutopay: AccountsPaidByAutopay;
}
