import type { ServiceModule } from '@platform/api';
import { AUTH_ENTITIES, AUTH_MIGRATIONS, recordSecurityEvent } from '@platform/auth';
import { accountsPaidByAutopay, createAutopayModule, enrollerClosed, enrollerUnlinked, enrollmentChargesMethod, savedCardRenewed, type AutopaySettings } from '@platform/autopay';
import { createBillingModule } from '@platform/billing';
import { accountStandingNotices, createCustomersModule, holdsAccountNumbered, type SessionSettings } from '@platform/customers';
import { CreateEvents1763800050000, EventsWithoutCityLock1763801000000 } from '@platform/events';
import { createNotificationsModule, type NotificationsSettings, type ResendDependencies } from '@platform/notifications';
import { accountsWithPaymentsUnanswered, createPaymentsModule, emptyClosedAccountWallet, removeSavedMethodsAtProcessor, type PaymentsSettings } from '@platform/payments';
import { DEFAULT_PHONE_SETTINGS, createPhoneModule, type PhoneSettings } from '@platform/phone';
import { createTenantsModule, type TenantsSettings } from '@platform/tenants';

/** What services need from configuration to be built. */
export interface ServiceSettings {
  readonly sessions: SessionSettings;
  readonly payments: PaymentsSettings;
  /** The key guests' receipt tokens are signed with (GatewayConfig.receiptTokenSecret); the session key when not given. */
  readonly receiptSecret?: Uint8Array;
  /** How messages are delivered; without it they are queued and wait (tests that do not deliver). */
  readonly notifications?: NotificationsSettings;
  /** The phone line's webhook settings; development defaults when not given. */
  readonly phone?: PhoneSettings;
  /** Autopay charges in flight at once per run (GatewayConfig.autopayConcurrency); autopay's default when not given. */
  readonly autopayConcurrency?: number;
  /** The slugs the platform's own hosts name (tenantsSettingsFor); none when not given. */
  readonly tenants?: TenantsSettings;
}

/*
 * Rate-limit counters and the security log are shared by every service that
 * guards something (sign-in, account look-up), so their tables belong to the
 * platform (@platform/auth) rather than to one of them.
 */
const securityModule: ServiceModule = {
  name: 'security',
  entities: AUTH_ENTITIES,
  migrations: AUTH_MIGRATIONS,
  resolvers: [],
  jobs: {},
};

/** The event log every service writes state changes to, for subscriptions. */
const eventsModule: ServiceModule = {
  name: 'events',
  entities: [],
  migrations: [CreateEvents1763800050000, EventsWithoutCityLock1763801000000],
  resolvers: [],
  jobs: {},
};

const staffResends: ResendDependencies = {
  audit: (manager, ctx, resent) => recordSecurityEvent(manager, ctx, { kind: 'NOTIFICATION_RESENT', detail: { ...resent } }),
  heldAccount: holdsAccountNumbered,
};

/** Every service the gateway serves, in dependency order (seeds run in this order). */
export function createServiceModules(settings: ServiceSettings): readonly ServiceModule[] {
  return [
    createTenantsModule(settings.tenants),
    eventsModule,
    securityModule,
    // Staff's resends go into the city's audit log, which is the platform's, and a notice to an account's holder is sent
    // again only while they hold it, which customers knows (notifications depends on neither).
    createNotificationsModule(settings.notifications, staffResends),
    // Billing learns of a payment once it is charged: payments says which are still with the processor; and households are
    // told of their service's changes by customers, who knows them (billing may depend on neither).
    createBillingModule({ paymentsUnanswered: accountsWithPaymentsUnanswered, standingNotices: accountStandingNotices }),
    // Autopay's notices of an enrolment lapse with its enroller's link: customers tells it; and a new bill's notice says
    // when autopay pays it: autopay tells customers (customers may not depend on autopay).
    // A resident closing their online account: autopay stops their enrolments, payments removes their saved methods.
    createCustomersModule(
      settings.sessions,
      { accountUnlinked: enrollerUnlinked, accountsPaidByAutopay },
      {
        removeSavedMethods: (ctx, userId, field) => removeSavedMethodsAtProcessor(ctx, settings.payments.processor, userId, field),
        emptyWallet: (manager, closing) => emptyClosedAccountWallet(manager, closing.userId, closing.at),
        enrollerClosed,
      },
    ),
    // Autopay charges saved methods: payments asks it before one is removed (payments may not depend on autopay).
    createPaymentsModule({ ...settings.payments, receiptSecret: settings.receiptSecret ?? settings.sessions.secret, methodInUse: enrollmentChargesMethod, methodRenewed: savedCardRenewed }),
    createAutopayModule(autopaySettingsFor(settings)),
    createPhoneModule({ phone: settings.phone ?? DEFAULT_PHONE_SETTINGS, payments: settings.payments }),
  ];
}

/** Autopay's settings, for its module and for a run the CLI starts: the same limit on charges in flight for both. */
export function autopaySettingsFor(settings: ServiceSettings): AutopaySettings {
  return { payments: settings.payments, concurrency: settings.autopayConcurrency };
}

export const allEntities = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.entities);
export const allMigrations = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.migrations);
export const allMigrationNames = (modules: readonly ServiceModule[]) => allMigrations(modules).map((m) => m.name);
