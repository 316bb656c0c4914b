export {
  createPlatformTemplates,
  startTestPlatform,
  testPlatformOf,
  TEST_OPERATOR_KEY,
  TEST_PROCESSOR_SECRET_KEY,
  TEST_METRICS_TOKEN,
  TEST_SESSION_SETTINGS,
  TEST_DELIVERY_SETTINGS,
  FixedClock,
  type TestNotificationOptions,
  type TestPlatform,
  type TestPlatformOptions,
} from './test-platform';
export { DEMO_DATA_PINNED_AT, dropTestTemplates, type TestTemplates } from './template-databases';
export type { RunJobOptions } from './run-job';
export { GraphQLTestClient, LiveSubscription, WebSocketSession, type GraphQLResponse, type SubscriptionResult } from './graphql-client';
export { cardNumbersIn, findCardNumbers } from './card-number-scan';
export { CARD_NUMBER_REDACTED } from '@platform/api';
