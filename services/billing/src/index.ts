import type { ServiceModule } from '@platform/api';
import { AccountStatusChangeEntity } from './account-status-change.entity';
import { runDisconnectionSweep } from './disconnection-sweep.job';
import { BillImportEntity } from './bill-import.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LookupResolver } from './lookup.resolver';
import { CreateBilling1763800300000 } from './migrations/1763800300000-create-billing';
import { PayableLineEntity } from './payable-line.entity';
import { RestorationSubscriptionResolver } from './restoration-subscription.resolver';
import { PayableEntity } from './payable.entity';
import { PaymentAllocationEntity } from './payment-allocation.entity';
import { seedDemoAccounts } from './seed/seed-demo-accounts';
import { ServiceAccountEntity } from './service-account.entity';
import { ServiceAccountResolver } from './service-account.resolver';
import { StaffBillingResolver } from './staff-billing.resolver';

/** What residents owe each city: accounts, bills and other payables, the ledger, disconnection and restoration. */
export const billingModule: ServiceModule = {
  name: 'billing',
  entities: [ServiceAccountEntity, PayableEntity, PayableLineEntity, LedgerEntryEntity, PaymentAllocationEntity, AccountStatusChangeEntity, BillImportEntity],
  migrations: [CreateBilling1763800300000],
  resolvers: [new LookupResolver(), new ServiceAccountResolver(), new StaffBillingResolver(), new RestorationSubscriptionResolver()],
  jobs: { 'billing.disconnection-sweep': (_payload, { db, clock, log }) => runDisconnectionSweep(db, clock, log) },
  // Hourly, though the rules are daily: cities start their day in different time zones, and the sweep is idempotent.
  schedules: [{ task: 'billing.disconnection-sweep', cron: '15 * * * *' }],
  seedDemo: seedDemoAccounts,
};

// For the payments service: money on accounts, inside the caller's transaction.
export { recordPendingPayment, postPayment, reversePayment, refundPayment, chargePaymentFee, type AllocationInput, type PendingPaymentInput, type RefundInput } from './payment-ledger.service';
export { loadBalance, loadBalances } from './ledger.service';
export { amountsOwed, type AmountsOwed, type PayableOwed } from './amount-owed.service';
export { describePaymentTargets, type PaymentTarget } from './payment-targets';
export type { Balance } from './balance';
export type { BillingScope, BillingContext } from './billing-scope';
// For customers (linking) and payments (guest payers): proving control of an account.
export { verifyServiceAccount } from './verification.service';
export type { AccountProof, ProofPurpose } from './account-proof';
export { ServiceAccountEntity, type AccountStatus } from './service-account.entity';
export { findServiceAccounts, findPayable } from './service-account.service';
export { ServiceAccountType } from './billing.types';
export { toServiceAccountType } from './billing.mappers';
// For the CLI and jobs.
export { sweepCityDisconnections } from './disconnection-sweep.job';
export { importBills, type ImportOutcome } from './bill-import.service';
export { readBillCsv } from './bill-csv';
export type { BillRow, RowError } from './bill-rows';
export { DEMO_ACCOUNTS, latestDemoBill } from './seed/demo-accounts';
