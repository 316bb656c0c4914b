import type { ServiceModule } from '@platform/api';
import { AccountStatusChangeEntity } from './account-status/account-status-change.entity';
import { AccountStatusResolver } from './account-status/account-status.resolver';
import { runDisconnectionSweep } from './account-status/disconnection-sweep.job';
import type { AccountStatusDependencies } from './account-status/account-status-dependencies';
import { DisconnectionStandingResolver } from './account-status/disconnection-standing.resolver';
import { RestorationReadinessResolver } from './account-status/restoration-readiness.resolver';
import { RestorationSubscriptionResolver } from './account-status/restoration-subscription.resolver';
import { ServiceAccountEntity } from './accounts/service-account.entity';
import { ServiceAccountResolver } from './accounts/service-account.resolver';
import { BillImportEntity } from './bill-import/bill-import.entity';
import { BillImportResolver } from './bill-import/bill-import.resolver';
import { AdjustmentResolver } from './ledger/adjustment.resolver';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { PaymentAllocationEntity } from './ledger/payment-allocation.entity';
import { LookupResolver } from './lookup/lookup.resolver';
import { CreateBilling1763800300000 } from './migrations/1763800300000-create-billing';
import { StatusChangeNotes1763800800000 } from './migrations/1763800800000-status-change-notes';
import { BillImportContentHash1763801000500 } from './migrations/1763801000500-bill-import-content-hash';
import { InsertStagedBillsInBulk1763801100200 } from './migrations/1763801100200-insert-staged-bills-in-bulk';
import { RestorationHolds1763801100400 } from './migrations/1763801100400-restoration-holds';
import { BillImportIdsFromTheBatch1763801100500 } from './migrations/1763801100500-bill-import-ids-from-the-batch';
import { BillLinesOnTheBill1763801200100 } from './migrations/1763801200100-bill-lines-on-the-bill';
import { EcheckAwaitingBank1763801200300 } from './migrations/1763801200300-echeck-awaiting-bank';
import { AccountSearchText1763801201600 } from './migrations/1763801201600-account-search-text';
import { AccountsHeldOpen1763801203810 } from './migrations/1763801203810-accounts-held-open';
import { AccountSearchPlainLetters1763801203900 } from './migrations/1763801203900-account-search-plain-letters';
import { BillImportsTold1796547903944 } from './migrations/1796547903944-bill-imports-told';
import { BillDueReminders1796550508164 } from './migrations/1796550508164-bill-due-reminders';
import { PayableEntity } from './payables/payable.entity';
import { seedDemoAccounts } from './seed/seed-demo-accounts';

/** Billing's module needs of the services above it what its account status changes do (the gateway hands them in). */
export type BillingModuleSettings = AccountStatusDependencies;

/** What residents owe each city: accounts, bills and other payables, the ledger, disconnection and restoration. */
export const createBillingModule = (settings: BillingModuleSettings): ServiceModule => ({
  name: 'billing',
  entities: [ServiceAccountEntity, PayableEntity, LedgerEntryEntity, PaymentAllocationEntity, AccountStatusChangeEntity, BillImportEntity],
  migrations: [
    CreateBilling1763800300000,
    StatusChangeNotes1763800800000,
    BillImportContentHash1763801000500,
    InsertStagedBillsInBulk1763801100200,
    RestorationHolds1763801100400,
    BillImportIdsFromTheBatch1763801100500,
    BillLinesOnTheBill1763801200100,
    EcheckAwaitingBank1763801200300,
    AccountSearchText1763801201600,
    AccountsHeldOpen1763801203810,
    AccountSearchPlainLetters1763801203900,
    BillImportsTold1796547903944,
    BillDueReminders1796550508164,
  ],
  resolvers: [
    new LookupResolver(),
    new ServiceAccountResolver(),
    new AccountStatusResolver(settings),
    new BillImportResolver(),
    new AdjustmentResolver(settings.paymentsUnanswered),
    new RestorationSubscriptionResolver(),
    new RestorationReadinessResolver(),
    new DisconnectionStandingResolver(),
  ],
  jobs: { 'billing.disconnection-sweep': (_payload, { db, clock, log }) => runDisconnectionSweep(db, clock, log, settings) },
  // Hourly, though the rules are daily: cities start their day in different time zones, and the sweep is idempotent.
  schedules: [{ task: 'billing.disconnection-sweep', cron: '15 * * * *' }],
  seedDemo: seedDemoAccounts,
});

// For the payments service: money on accounts, inside the caller's transaction.
export {
  recordPendingPayment,
  paymentCleared,
  postPayment,
  reversePayment,
  refundPayment,
  disputePayment,
  restoreDisputedPayment,
  chargePaymentFee,
  holdRestorationsPaidBy,
  releaseRestorationHold,
  type AllocationInput,
  type PendingPaymentInput,
  type RefundInput,
  type DisputeInput,
} from './ledger/payment-ledger.service';
export type { PaymentMemo } from './ledger/ledger-memo';
export { recordPendingPayments } from './ledger/pending-payments-batch.service';
export { loadBalance, loadBalances } from './ledger/ledger.queries';
export { amountsOwed, type AmountsOwed, type PayableOwed } from './ledger/amount-owed.service';
// For payments: an account closed while a payment to it was on its way is read under the lock its record takes.
export { accountClosedMeanwhile, holdAccountsOpen } from './accounts/accounts-held-open';
export { closedAccountsPaidBy } from './ledger/closed-accounts-paid.queries';
// For autopay: what a reminder announced, less what was paid down since, is the most its deduction takes; for
// notifications, whether a reminder still waiting announces a deduction that will be made.
export { accountsPaidDownSince, paidDownSince } from './ledger/paid-down.queries';
export { describePaymentTargets, type PaymentTarget } from './ledger/payment-targets.queries';
export { maskAccountNumber } from './accounts/masking';
export { referenceKey } from './accounts/account-number';
export { amountDueTerms, type AmountDueTerms, type Balance } from './ledger/balance';
export type { BillingScope, BillingContext } from './billing-scope';
// For customers (linking) and payments (guest payers): proving control of an account.
export { isCardNotAccountNumber, verifyServiceAccount, verifyServiceAccountToPay } from './lookup/verification.service';
export { secondFactorLimitChecks } from './lookup/lookup-limits';
export type { AccountProof, ProofPurpose } from './lookup/account-proof';
export { ServiceAccountEntity } from './accounts/service-account.entity';
export type { AccountStatus } from './account-status/account-status.state';
export { accountStatusesByNumber, closedAccountNumbers, findServiceAccounts, readOwnedAccountsWithBalances } from './accounts/service-account.queries';
export { primeBalances } from './ledger/ledger.loaders';
export { findPayable } from './payables/payable.queries';
export { ServiceAccountType } from './accounts/service-account.types';
// For payments: it answers a restoration request's `payment`.
export { RestorationRequestEventType } from './account-status/restoration-subscription.resolver';
// For payments: a payment's receipt says where the restoration it paid for stands.
export { restorationsPaidBy, type PaymentRestoration } from './account-status/payment-restorations.queries';
export { PaymentRestorationType } from './account-status/payment-restoration.types';
export { toServiceAccountType } from './accounts/service-account.mappers';
// For the CLI and jobs.
export { sweepCityDisconnections } from './account-status/disconnection-sweep.job';
export type { AccountStatusDependencies } from './account-status/account-status-dependencies';
export type { PaymentsUnanswered } from './account-status/payments-unanswered';
export type { AccountStandingNotices, AccountToTell } from './account-status/account-standing-notices';
export { importBillBatch, importBills, type BatchRequest, type ImportOutcome } from './bill-import/bill-import.service';
export { billCsvProblemText, readBillCsv } from './bill-import/bill-csv';
export { nextImportToTell, type BillToTell, type ImportToTell } from './bill-import/bills-to-tell';
export { billsDueSoon, type BillDueSoon } from './ledger/bills-due-soon';
export type { BillRow, RowError } from './bill-import/bill-rows';
export { DEMO_ACCOUNTS, demoHouseNumber } from './seed/demo-accounts';
