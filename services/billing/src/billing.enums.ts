import { registerEnumType } from 'type-graphql';
import { ACCOUNT_STATUSES } from './account-status/account-status.state';
import { LEDGER_ENTRY_KINDS } from './ledger/balance';
import { LINE_CATEGORIES } from './payables/payable.entity';

/* Billing's GraphQL enums, registered once: their values are the domain's own string unions. */

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AccountStatusEnum = asEnum(ACCOUNT_STATUSES);
export const LedgerEntryKindEnum = asEnum(LEDGER_ENTRY_KINDS);
export const LineCategoryEnum = asEnum(LINE_CATEGORIES);
export const AdjustmentKindEnum = { FEE: 'FEE', ADJUSTMENT: 'ADJUSTMENT' } as const;

registerEnumType(AccountStatusEnum, { name: 'AccountStatus', description: 'Where an account stands in the disconnection and restoration process.' });
registerEnumType(LedgerEntryKindEnum, { name: 'LedgerEntryKind' });
registerEnumType(LineCategoryEnum, { name: 'LineCategory' });
registerEnumType(AdjustmentKindEnum, { name: 'AdjustmentKind', description: 'FEE charges the account; ADJUSTMENT corrects it either way.' });
