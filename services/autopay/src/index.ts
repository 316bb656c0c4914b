import type { ServiceModule } from '@platform/api';
import { AccountAutopayResolver } from './enrollment/account-autopay.resolver';
import { AutopayDeductionEntity } from './runs/autopay-deduction.entity';
import { AutopayEnrollmentEntity } from './enrollment/autopay-enrollment.entity';
import { AutopayOutcomeEntity } from './runs/autopay-outcome.entity';
import { AutopayRunEntity } from './runs/autopay-run.entity';
import type { AutopaySettings } from './autopay-settings';
import { autopayPass } from './autopay.job';
import { AutopayResolver } from './enrollment/enrollment.resolver';
import { CreateAutopay1763800600000 } from './migrations/1763800600000-create-autopay';
import { StaffAutopayResolver } from './staff/staff-autopay.resolver';

/** Automatic monthly payments: enrolments, the monthly run with retries and suspension, reminders and card-expiry notices. */
export function createAutopayModule(settings: AutopaySettings): ServiceModule {
  return {
    name: 'autopay',
    entities: [AutopayEnrollmentEntity, AutopayDeductionEntity, AutopayRunEntity, AutopayOutcomeEntity],
    migrations: [CreateAutopay1763800600000],
    resolvers: [new AccountAutopayResolver(), new AutopayResolver(), new StaffAutopayResolver(settings)],
    jobs: { 'autopay.run': autopayPass(settings) },
    // Hourly, though deductions are monthly: each city's day starts at its own midnight, and the pass is idempotent.
    schedules: [{ task: 'autopay.run', cron: '10 * * * *' }],
  };
}

export type { AutopaySettings } from './autopay-settings';
export { runAutopayForDate, type ManualRunRequest } from './runs/manual-run.service';
export type { RunSummary } from './staff/staff-autopay.queries';
