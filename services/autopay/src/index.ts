import type { ServiceModule } from '@platform/api';
import type { AutopaySettings } from './autopay-settings';
import { autopayPass } from './autopay.job';
import { AccountAutopayResolver } from './enrollment/account-autopay.resolver';
import { AutopayEnrollmentEntity } from './enrollment/autopay-enrollment.entity';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { StaffEnrollmentsResolver } from './enrollment/staff-enrollments.resolver';
import { CreateAutopay1763800600000 } from './migrations/1763800600000-create-autopay';
import { NoticeDeductionDate1763801201000 } from './migrations/1763801201000-notice-deduction-date';
import { PromisedDatesIndex1763801201100 } from './migrations/1763801201100-promised-dates-index';
import { NoticePerEnrolment1763801201200 } from './migrations/1763801201200-notice-per-enrolment';
import { RemindedAmount1763801201700 } from './migrations/1763801201700-reminded-amount';
import { RemindedNoCharge1763801202600 } from './migrations/1763801202600-reminded-no-charge';
import { AnnouncedFee1763801203300 } from './migrations/1763801203300-announced-fee';
import { OutcomesInCommitOrder1763801203400 } from './migrations/1763801203400-outcomes-in-commit-order';
import { OutcomeFee1763801203800 } from './migrations/1763801203800-outcome-fee';
import { AutopayDeductionEntity } from './runs/autopay-deduction.entity';
import { AutopayOutcomeEntity } from './runs/autopay-outcome.entity';
import { AutopayRunEntity } from './runs/autopay-run.entity';
import { AutopayRunResolver } from './runs/autopay-run.resolver';

/** Automatic monthly payments: enrolments, the monthly run with retries and suspension, reminders and card-expiry notices. */
export function createAutopayModule(settings: AutopaySettings): ServiceModule {
  return {
    name: 'autopay',
    entities: [AutopayEnrollmentEntity, AutopayDeductionEntity, AutopayRunEntity, AutopayOutcomeEntity],
    migrations: [
      CreateAutopay1763800600000,
      NoticeDeductionDate1763801201000,
      PromisedDatesIndex1763801201100,
      NoticePerEnrolment1763801201200,
      RemindedAmount1763801201700,
      RemindedNoCharge1763801202600,
      AnnouncedFee1763801203300,
      OutcomesInCommitOrder1763801203400,
      OutcomeFee1763801203800,
    ],
    resolvers: [new AccountAutopayResolver(), new EnrollmentResolver(), new StaffEnrollmentsResolver(), new AutopayRunResolver(settings)],
    jobs: { 'autopay.run': autopayPass(settings) },
    // Hourly, though deductions are monthly: each city's day starts at its own midnight, and the pass is idempotent.
    schedules: [{ task: 'autopay.run', cron: '10 * * * *' }],
  };
}

export type { AutopaySettings } from './autopay-settings';
export { enrollmentChargesMethod } from './enrollment/enrollment.queries';
export { enrollerUnlinked } from './enrollment/enroller-unlinked.service';
export { enrollerClosed } from './enrollment/enroller-closed.service';
export { accountsPaidByAutopay } from './enrollment/accounts-paid-by-autopay.queries';
export { savedCardRenewed } from './enrollment/card-renewed.service';
export { runAutopayForDate, type ManualRunRequest } from './runs/manual-run.service';
export type { RunSummary } from './runs/autopay-run.queries';
