import type { ServiceModule } from '@platform/api';
import { BankAccountEntity } from './bank-account.entity';
import { settleEchecks } from './echeck-settlement.job';
import { CreatePayments1763800500000 } from './migrations/1763800500000-create-payments';
import { PaymentLineEntity } from './payment-line.entity';
import { PaymentOperations1763800710000 } from './migrations/1763800710000-payment-operations';
import { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import { PaymentOperationEntity } from './payment-operation.entity';
import { PaymentResolver } from './payment.resolver';
import { PaymentSubscriptionResolver, subscriptionKeys } from './payment-subscription.resolver';
import { PaymentTransitionEntity } from './payment-transition.entity';
import { PaymentEntity } from './payment.entity';
import type { PaymentsSettings } from './payments-settings';
import { runPostingJob } from './posting.job';
import { ProcessorProfileEntity } from './processor-profile.entity';
import { reconcilePayments } from './reconciliation.job';
import { SavedMethodEntity } from './saved-method.entity';
import { StaffJobsResolver } from './staff-jobs.resolver';
import { StaffPaymentsResolver } from './staff-payments.resolver';
import { TenantPaymentsResolver } from './tenant-payments.resolver';
import { WalletResolver } from './wallet.resolver';

/** Taking money: payments, their processor charges, posting, refunds, voids, returns, saved methods. */
export function createPaymentsModule(settings: PaymentsSettings & { readonly receiptSecret: Uint8Array }): ServiceModule {
  subscriptionKeys.receiptSecret = settings.receiptSecret;
  const reconcile = reconcilePayments(settings.processor);
  const settle = settleEchecks(settings.processor);
  return {
    name: 'payments',
    entities: [PaymentEntity, PaymentLineEntity, PaymentTransitionEntity, PaymentOperationEntity, PaymentOperationTransitionEntity, SavedMethodEntity, ProcessorProfileEntity, BankAccountEntity],
    migrations: [CreatePayments1763800500000, PaymentOperations1763800710000],
    resolvers: [new PaymentResolver(settings), new StaffPaymentsResolver(settings), new WalletResolver(settings), new TenantPaymentsResolver(settings), new PaymentSubscriptionResolver(), new StaffJobsResolver()],
    jobs: {
      'payments.post': (_payload, { db, clock, log }) => runPostingJob(db, clock, log),
      'payments.reconcile': (_payload, { db, clock, log }) => reconcile(db, clock, log),
      'payments.settle-echecks': (_payload, { db, clock, log }) => settle(db, clock, log),
    },
    schedules: [
      // Hourly: each city's posting day starts at its own midnight.
      { task: 'payments.post', cron: '5 * * * *' },
      { task: 'payments.reconcile', cron: '* * * * *' },
      { task: 'payments.settle-echecks', cron: '35 * * * *' },
    ],
  };
}

export type { PaymentsSettings } from './payments-settings';
export { chargeSavedMethod, savedMethodsById, type SavedMethodCharge, type SavedMethodChargeResult, type SavedMethodChargeScope, type SavedMethodRefusal, type SavedMethodSummary } from './autopay-charge.service';
