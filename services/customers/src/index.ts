import type { ServiceModule } from '@platform/api';
import { WorkAfterAnswer } from '@platform/core';
import { AccountLinkEntity } from './account-links/account-link.entity';
import { AccountHoldersResolver } from './account-links/account-holders.resolver';
import { AccountLinkResolver } from './account-links/account-link.resolver';
import type { AutopayDependencies } from './account-links/accounts-paid-by-autopay';
import { ProfileResolver } from './users/profile.resolver';
import { AccountClosingResolver } from './users/account-closing.resolver';
import type { AccountClosingSteps } from './users/account-closing';
import { AuthResolver } from './sign-in/auth.resolver';
import { CreateCustomers1763800200000 } from './migrations/1763800200000-create-customers';
import { CreateAccountLinks1763800400000 } from './migrations/1763800400000-create-account-links';
import { NotifySessionEnded1763800750000 } from './migrations/1763800750000-notify-session-ended';
import { StaffAccessRemoved1763801200200 } from './migrations/1763801200200-staff-access-removed';
import { EmailsInNfc1763801201500 } from './migrations/1763801201500-emails-in-nfc';
import { PasswordTokenPurpose1763801203700 } from './migrations/1763801203700-password-token-purpose';
import { InvitationIssuedBy1796504876615 } from './migrations/1796504876615-invitation-issued-by';
import { EmailVerification1796536891422 } from './migrations/1796536891422-email-verification';
import { UnprovedRegistrationEnded1796548078949 } from './migrations/1796548078949-unproved-registration-ended';
import { ResidentSearchTerms1796549071946 } from './migrations/1796549071946-resident-search-terms';
import { PaperlessBilling1796557853489 } from './migrations/1796557853489-paperless-billing';
import { OnlineAccountClosed1796557859377 } from './migrations/1796557859377-online-account-closed';
import { PaperlessResolver } from './paperless/paperless.resolver';
import { endLapsedPaperlessChoices } from './paperless/paperless-lapses.job';
import { PasswordResetTokenEntity } from './sign-in/password-reset-token.entity';
import { RefreshTokenEntity } from './sign-in/refresh-token.entity';
import { seedDemoStaff } from './seed/seed-demo-staff';
import { SessionEntity } from './sign-in/session.entity';
import type { SessionSettings } from './sign-in/session-settings';
import { SecurityEventResolver } from './staff/security-event.resolver';
import { StaffResolver } from './staff/staff.resolver';
import { UserEntity } from './users/user.entity';
import { EmailVerificationTokenEntity } from './users/email-verification-token.entity';
import { EmailVerificationResolver } from './users/email-verification.resolver';
import { ResidentSearchResolver } from './users/resident-search.resolver';
import { cleanUpRateLimitBuckets } from './lockouts/rate-limit-cleanup.job';
import { UserLockoutsResolver } from './lockouts/user-lockouts.resolver';
import { tellHoldersOfNewBills } from './account-links/new-bill-notices.job';
import { remindHoldersOfBillsDue } from './account-links/bill-due-reminders.job';

/** Hourly: rate-limit buckets whose window ended are deleted (rate-limit-cleanup.job.ts). */
const RATE_LIMIT_CLEANUP_TASK = 'customers.rate-limit-cleanup';

/** Every five minutes: residents are told of the bills imported since (new-bill-notices.job.ts). */
const NEW_BILL_NOTICES_TASK = 'customers.new-bill-notices';

/** Hourly: residents are reminded of bills coming due (bill-due-reminders.job.ts). */
const BILL_DUE_REMINDERS_TASK = 'customers.bill-due-reminders';

/** Every five minutes: paperless choices whose bill emails no longer reach their holder are ended, told and audited (paperless-lapses.job.ts). */
const PAPERLESS_LAPSES_TASK = 'customers.paperless-lapses';

/**
 * Residents and staff of each city: identities, sessions, roles, account links, the audit log (read from @platform/auth's
 * security log). `autopay` is autopay's (customers may not depend on it): see AutopayDependencies; `closing`, what autopay
 * and payments do as a resident's online account closes (AccountClosingSteps).
 */
export function createCustomersModule(settings: SessionSettings, autopay: AutopayDependencies, closing: AccountClosingSteps): ServiceModule {
  const afterAnswer = new WorkAfterAnswer();
  return {
    name: 'customers',
    entities: [UserEntity, SessionEntity, RefreshTokenEntity, PasswordResetTokenEntity, EmailVerificationTokenEntity, AccountLinkEntity],
    migrations: [
      CreateCustomers1763800200000,
      CreateAccountLinks1763800400000,
      NotifySessionEnded1763800750000,
      StaffAccessRemoved1763801200200,
      EmailsInNfc1763801201500,
      PasswordTokenPurpose1763801203700,
      InvitationIssuedBy1796504876615,
      EmailVerification1796536891422,
      UnprovedRegistrationEnded1796548078949,
      ResidentSearchTerms1796549071946,
      PaperlessBilling1796557853489,
      OnlineAccountClosed1796557859377,
    ],
    resolvers: [
      new AuthResolver(settings, afterAnswer, autopay.accountUnlinked),
      new ProfileResolver(settings),
      new AccountLinkResolver(autopay.accountUnlinked),
      new AccountHoldersResolver(),
      new StaffResolver(),
      new SecurityEventResolver(),
      new UserLockoutsResolver(),
      new EmailVerificationResolver(autopay.accountUnlinked),
      new ResidentSearchResolver(),
      new AccountClosingResolver(closing, autopay.accountUnlinked),
      new PaperlessResolver(),
    ],
    jobs: {
      [RATE_LIMIT_CLEANUP_TASK]: (_payload, helpers) => cleanUpRateLimitBuckets(helpers),
      [NEW_BILL_NOTICES_TASK]: (_payload, helpers) => tellHoldersOfNewBills(helpers, autopay.accountsPaidByAutopay),
      [BILL_DUE_REMINDERS_TASK]: (_payload, helpers) => remindHoldersOfBillsDue(helpers, autopay.accountsPaidByAutopay),
      [PAPERLESS_LAPSES_TASK]: (_payload, helpers) => endLapsedPaperlessChoices(helpers),
    },
    schedules: [
      { task: RATE_LIMIT_CLEANUP_TASK, cron: '40 * * * *' },
      { task: NEW_BILL_NOTICES_TASK, cron: '*/5 * * * *' },
      { task: BILL_DUE_REMINDERS_TASK, cron: '20 * * * *' },
      { task: PAPERLESS_LAPSES_TASK, cron: '*/5 * * * *' },
    ],
    seedDemo: seedDemoStaff,
    settleBackgroundWork: () => afterAnswer.settled(),
  };
}

export { authenticate, endedSessionIds, type AuthenticationDeps } from './sign-in/session.service';
export { forgetSession, startSessionCache, stopSessionCache } from './sign-in/open-session-cache';
export type { SessionSettings } from './sign-in/session-settings';
export type { AccountClosingSteps, ClosingAccount } from './users/account-closing';
export { accountHolderContact, holdsAccountNumbered, linkedServiceAccounts, linkedPairs } from './account-links/account-link.queries';
export type { AccountUnlinked, UnlinkedAccount } from './account-links/account-unlinked';
export type { AccountsPaidByAutopay } from './account-links/accounts-paid-by-autopay';
export { linkedServiceAccountsLoader } from './account-links/account-link.loaders';
// For the gateway, which hands it to billing, and payments' sweep run on demand.
export { accountStandingNotices } from './account-links/account-standing-notices';
export { ViewerType } from './customer.types';
export { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn, type DemoStaffUser } from './seed/demo-staff';
export { retirePublishedDemoSignIns } from './seed/retire-demo-staff';
export { staffPerson, type StaffPerson } from './users/user.loaders';
export { isStaffStill, staffRolesNow, userContact, userContacts, userDisplayNames } from './users/user.queries';
