import type { ServiceModule } from '@platform/api';
import type { PaymentsSettings } from '@platform/payments';
import { PhoneCallEntity } from './call.entity';
import { expireCalls } from './call-expiry.job';
import { CallOutcomesResolver } from './call-outcomes.resolver';
import { CallPaymentsUnderWay } from './call-payments';
import { CreatePhoneCalls1763800900200 } from './migrations/1763800900200-create-phone-calls';
import { CallsCardsUnavailable1796483914936 } from './migrations/1796483914936-calls-cards-unavailable';
import { ProviderCallSids1796538308950 } from './migrations/1796538308950-provider-call-sids';
import type { PhoneSettings } from './phone-settings';
import { createPhoneRoutes } from './voice-webhook';

/**
 * Pay by phone: each city's IVR line, driven by a telephony provider's TwiML
 * webhooks (see voice-webhook.ts), paying through the payments service's
 * makePayment like the web's guests. Call state lives in `phone_calls`.
 */
export function createPhoneModule(settings: { readonly phone: PhoneSettings; readonly payments: PaymentsSettings }): ServiceModule {
  const paymentsUnderWay = new CallPaymentsUnderWay();
  return {
    name: 'phone',
    entities: [PhoneCallEntity],
    migrations: [CreatePhoneCalls1763800900200, CallsCardsUnavailable1796483914936, ProviderCallSids1796538308950],
    resolvers: [new CallOutcomesResolver()],
    jobs: { 'phone.expire-calls': (_payload, { db, clock, log }) => expireCalls(db, clock, log) },
    schedules: [{ task: 'phone.expire-calls', cron: '*/10 * * * *' }],
    httpRoutes: createPhoneRoutes({ ...settings, paymentsUnderWay }),
    settleBackgroundWork: () => paymentsUnderWay.settled(),
  };
}

export { DEFAULT_PHONE_SETTINGS, DEV_PHONE_AUTH_TOKEN, PHONE_PROVIDERS, unknownPhoneCities, type PhoneProvider, type PhoneSettings } from './phone-settings';
export { telnyxPublicKey, TELNYX_TOLERANCE_SECONDS } from './webhook-signature';
export { simulateCall, type SimulatedEnd, type SimulatorOptions } from './phone-simulator';
