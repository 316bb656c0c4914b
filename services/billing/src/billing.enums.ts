import { registerEnumType } from 'type-graphql';
import { ACCOUNT_STATUSES } from './account-status/account-status.state';
import { RESTORATION_PROGRESS } from './account-status/payment-restorations.queries';
import { RESTORATION_BLOCKS } from './account-status/restoration-rules';
import { LEDGER_ENTRY_KINDS } from './ledger/balance';
import { LINE_CATEGORIES } from './payables/payable.entity';

/* Billing's GraphQL enums, registered once: their values are the domain's own string unions. */

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AccountStatusEnum = asEnum(ACCOUNT_STATUSES);
export const LedgerEntryKindEnum = asEnum(LEDGER_ENTRY_KINDS);
export const LineCategoryEnum = asEnum(LINE_CATEGORIES);
export const RestorationProgressEnum = asEnum(RESTORATION_PROGRESS);
export const RestorationBlockEnum = asEnum(RESTORATION_BLOCKS);
export const AdjustmentKindEnum = { FEE: 'FEE', ADJUSTMENT: 'ADJUSTMENT' } as const;

registerEnumType(AccountStatusEnum, { name: 'AccountStatus', description: 'Where an account stands in the disconnection and restoration process.' });
registerEnumType(LedgerEntryKindEnum, { name: 'LedgerEntryKind' });
registerEnumType(RestorationProgressEnum, {
  name: 'RestorationProgress',
  description:
    "Where a disconnected account's restoration stands: REQUESTED (paid in full, waiting for staff), RESTORED (approved: service is on), DISCONNECTED (still off: not paid in full, or the request was withdrawn, the payment given back or a charge come due since).",
});
registerEnumType(RestorationBlockEnum, {
  name: 'RestorationBlock',
  description:
    'What an open restoration request waits for before staff may approve it: NOT_POSTED (a payment that pays it has not posted yet), AWAITING_BANK (it has posted, but an e-check in it still waits on its bank, and the rest of what posted does not cover it), OWED_AGAIN (a charge has come due since the request opened that no payment covers; the hourly sweep withdraws the request), SECOND_STAFF (nothing else, but the staff member asking took a payment onto the account or credited it: another staff member approves it).',
});
registerEnumType(LineCategoryEnum, { name: 'LineCategory' });
registerEnumType(AdjustmentKindEnum, { name: 'AdjustmentKind', description: 'FEE charges the account; ADJUSTMENT corrects it either way.' });
