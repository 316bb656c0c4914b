import { AccountLockoutsResolver } from './lockouts/account-lockouts.resolver';
import type { ServiceModule } from '@platform/api';
import { settleEchecks } from './e-checks/echeck-settlement.job';
import { BankAccountEntity } from './e-checks/bank-account.entity';
import { BankAccountBlockResolver } from './e-checks/bank-account-block.resolver';
import { CounterDrawerResolver } from './counter-payments/counter-drawer.resolver';
import { CounterPaymentResolver } from './counter-payments/counter-payment.resolver';
import { CheckReturnableResolver, ReturnedCheckResolver } from './counter-payments/returned-check.resolver';
import { CounterDrawerCloseResolver } from './counter-payments/counter-drawer-close.resolver';
import { createPaymentFeedResolver } from './live/payment-feed.resolver';
import { RestorationPaymentResolver } from './live/restoration-payment.resolver';
import { MakePaymentResolver } from './make-payment/make-payment.resolver';
import { ConvenienceFeeQuoteResolver, PaymentOptionsResolver } from './make-payment/payment-options.resolver';
import { CreatePayments1763800500000 } from './migrations/1763800500000-create-payments';
import { PaymentOperations1763800710000 } from './migrations/1763800710000-payment-operations';
import { CounterPayments1763800800000 } from './migrations/1763800800000-counter-payments';
import { PaymentChannel1763800900000 } from './migrations/1763800900000-payment-channel';
import { PaymentChannelCarryOver1763801100100 } from './migrations/1763801100100-payment-channel-carry-over';
import { PaymentTextNumber1763801100300 } from './migrations/1763801100300-payment-text-number';
import { BankAccountReturns1763801201800 } from './migrations/1763801201800-bank-account-returns';
import { EcheckLateReturns1763801202100 } from './migrations/1763801202100-echeck-late-returns';
import { PaymentNoticeUser1763801202700 } from './migrations/1763801202700-payment-notice-user';
import { RefundsByAccount1763801203050 } from './migrations/1763801203050-refunds-by-account';
import { MoneyMovesByTime1763801204000 } from './migrations/1763801204000-money-moves-by-time';
import { ProcessorEventCursors1796516993864 } from './migrations/1796516993864-processor-event-cursors';
import { BankAccountBlocks1796518009417 } from './migrations/1796518009417-bank-account-blocks';
import { ProcessorHeldEvents1796520263343 } from './migrations/1796520263343-processor-held-events';
import { CounterCashReceived1796526475460 } from './migrations/1796526475460-counter-cash-received';
import { GivingBackApprovals1796526481519 } from './migrations/1796526481519-giving-back-approvals';
import { BankAccountLifts1796526747640 } from './migrations/1796526747640-bank-account-lifts';
import { GivingBackApprovalsExpire1796536900000 } from './migrations/1796536900000-giving-back-approvals-expire';
import { SupportLimitByDay1796537000000 } from './migrations/1796537000000-support-limit-by-day';
import { CounterCheckReturns1796540000000 } from './migrations/1796540000000-counter-check-returns';
import { CounterDrawerCloses1796540000001 } from './migrations/1796540000001-counter-drawer-closes';
import { CounterDrawerReopenings1796548702667 } from './migrations/1796548702667-counter-drawer-reopenings';
import { PaymentDisputes1796557821886 } from './migrations/1796557821886-payment-disputes';
import { GivingBackApprovalEntity } from './approvals/giving-back-approval.entity';
import { expireApprovals } from './approvals/giving-back-approval-expiry.job';
import { GivingBackApprovalResolver } from './approvals/giving-back-approval.resolver';
import { PaymentLineEntity } from './payment/payment-line.entity';
import { PaymentTransitionEntity } from './payment/payment-transition.entity';
import { PaymentEntity } from './payment/payment.entity';
import { PaymentRestorationResolver } from './payment/payment-restoration.resolver';
import { PaymentDisputeResolver } from './disputes/dispute.resolver';
import { PaymentResolver } from './payment/payment.resolver';
import { ViewerPaymentsResolver } from './payment/viewer-payments.resolver';
import type { PaymentsModuleSettings } from './payments-settings';
import { runPostingJob } from './posting/posting.job';
import { StaffJobsResolver } from './posting/staff-jobs.resolver';
import { PaymentTotalsResolver } from './totals/payment-totals.resolver';
import { reconcilePayments } from './reconciliation/reconciliation.job';
import { PaymentOperationTransitionEntity } from './refunds-and-voids/payment-operation-transition.entity';
import { PaymentOperationEntity } from './refunds-and-voids/payment-operation.entity';
import { RefundsAndVoidsResolver } from './refunds-and-voids/refunds-and-voids.resolver';
import { ProcessorProfileEntity } from './wallet/processor-profile.entity';
import { SavedMethodEntity } from './wallet/saved-method.entity';
import { WalletResolver } from './wallet/wallet.resolver';

/**
 * Taking money: payments, their processor charges, posting, refunds, voids,
 * returns, saved methods. Everything it needs comes in `settings`, from the
 * gateway's configuration; nothing is kept outside the module it returns.
 */
export function createPaymentsModule(settings: PaymentsModuleSettings): ServiceModule {
  const reconcile = reconcilePayments(settings.processor);
  const settle = settleEchecks(settings.processor);
  const post = runPostingJob(settings.processor);
  const PaymentFeedResolver = createPaymentFeedResolver(settings.receiptSecret);
  return {
    name: 'payments',
    entities: [
      PaymentEntity,
      PaymentLineEntity,
      PaymentTransitionEntity,
      PaymentOperationEntity,
      PaymentOperationTransitionEntity,
      SavedMethodEntity,
      ProcessorProfileEntity,
      BankAccountEntity,
      GivingBackApprovalEntity,
    ],
    migrations: [
      CreatePayments1763800500000,
      PaymentOperations1763800710000,
      CounterPayments1763800800000,
      PaymentChannel1763800900000,
      PaymentChannelCarryOver1763801100100,
      PaymentTextNumber1763801100300,
      BankAccountReturns1763801201800,
      EcheckLateReturns1763801202100,
      PaymentNoticeUser1763801202700,
      RefundsByAccount1763801203050,
      MoneyMovesByTime1763801204000,
      ProcessorEventCursors1796516993864,
      BankAccountBlocks1796518009417,
      ProcessorHeldEvents1796520263343,
      CounterCashReceived1796526475460,
      GivingBackApprovals1796526481519,
      BankAccountLifts1796526747640,
      GivingBackApprovalsExpire1796536900000,
      SupportLimitByDay1796537000000,
      CounterCheckReturns1796540000000,
      CounterDrawerCloses1796540000001,
      CounterDrawerReopenings1796548702667,
      PaymentDisputes1796557821886,
    ],
    resolvers: [
      new MakePaymentResolver(settings),
      new CounterPaymentResolver(),
      new CounterDrawerResolver(),
      new ReturnedCheckResolver(),
      new CheckReturnableResolver(),
      new CounterDrawerCloseResolver(),
      new PaymentResolver(settings),
      new PaymentTotalsResolver(),
      new RefundsAndVoidsResolver(settings),
      new WalletResolver(settings),
      new ViewerPaymentsResolver(),
      new PaymentOptionsResolver(settings),
      new ConvenienceFeeQuoteResolver(),
      new PaymentFeedResolver(),
      new StaffJobsResolver(settings.processor),
      new RestorationPaymentResolver(),
      new PaymentRestorationResolver(),
      new PaymentDisputeResolver(),
      new BankAccountBlockResolver(),
      new GivingBackApprovalResolver(settings),
      new AccountLockoutsResolver(),
    ],
    jobs: {
      'payments.post': (_payload, { db, clock, log }) => post(db, clock, log),
      'payments.reconcile': (_payload, { db, clock, log }) => reconcile(db, clock, log),
      'payments.settle-echecks': (_payload, { db, clock, log }) => settle(db, clock, log),
      'payments.expire-approvals': (_payload, { db, clock, log }) => expireApprovals(db, clock, log),
    },
    schedules: [
      // Hourly: each city's posting day starts at its own midnight.
      { task: 'payments.post', cron: '5 * * * *' },
      { task: 'payments.reconcile', cron: '* * * * *' },
      { task: 'payments.settle-echecks', cron: '35 * * * *' },
      // Hourly: a request is refused once its time is up whenever it is decided; this keeps the queue to what may be.
      { task: 'payments.expire-approvals', cron: '50 * * * *' },
    ],
  };
}

export type { MethodInUse, PaymentsSettings, PaymentsModuleSettings } from './payments-settings';
export { type SavedMethodCharge, type SavedMethodChargeResult, type SavedMethodChargeScope, type SavedMethodRefusal } from './saved-method-batch/saved-method-charge';
export { startSavedMethodCharges, type SavedMethodBatchResult, type SavedMethodChargeResults, type StartedCharges } from './saved-method-batch/saved-method-batch.service';
export type { ConfirmCharges } from './saved-method-batch/pending-charges.service';
export { ChargeSlots } from './saved-method-batch/charge-slots';
export { blockedBankAccountRefusal } from './e-checks/closed-bank-account';
export { holdSavedMethod, savedMethodsById, type SavedMethodSummary } from './wallet/wallet.queries';
export { emptyClosedAccountWallet, removeSavedMethodsAtProcessor } from './wallet/closed-account-wallet.service';
export { methodNotAccepted, type MethodNotAccepted } from './wallet/method-acceptance';
export { accountsWithPaymentsUnanswered, paymentFeesById, paymentStandingsById, takenPaymentKeys, type PaymentStanding } from './payment/payment.queries';
// For the phone line: a caller's number, texted the outcome of their payment.
export { textPaymentOutcome } from './payment/payment-text-number.service';
export { STALE_PENDING_MS, type PaymentStatus } from './payment/payment.state';
// For the phone line: the same payment as the web's guest payment, with its channel.
export { awaitPaymentOutcome, findPaymentByKey, makePayment } from './make-payment/make-payment.service';
export { ACCOUNT_DECLINE_LIMIT, cardReadUnderDeclineLimits, giveBackCardReadPlaces, holdCardReadPlaces } from './make-payment/decline-limits';
export { accountOverpaidMessage, accountTakesCredit, amountDueLeft } from './make-payment/amount-owed.service';
export type { PaymentEntity } from './payment/payment.entity';
export { declineOf } from './make-payment/decline.errors';
export { convenienceFeeCents, totalWithFeeCents } from './make-payment/convenience-fee';
export { isTokenShaped } from './make-payment/processor-token';
// For the phone line: customer service closes on the federal holidays as offices observe them, and the city's own.
export { isOfficeHoliday } from './posting/federal-holidays';
export { recordJobRun } from './posting/staff-jobs.service';
