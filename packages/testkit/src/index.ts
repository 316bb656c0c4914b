export { startTestPlatform, TEST_OPERATOR_KEY, TEST_PROCESSOR_SECRET_KEY, TEST_SESSION_SETTINGS, FixedClock, type TestPlatform, type TestPlatformOptions } from './test-platform';
export type { RunJobOptions } from './run-job';
export { GraphQLTestClient, LiveSubscription, WebSocketSession, type GraphQLResponse, type SubscriptionResult } from './graphql-client';
export { cardNumbersIn, findCardNumbers } from './card-number-scan';
export type { Browser, Page } from 'playwright-core';
export { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOTS_DIR, VIEWPORTS, expectNoSeriousAccessibilityViolations, launchBrowser, openPage, screenshotAtBothSizes, type WatchedPage } from './browser';
export { CARD_NUMBER_REDACTED } from '@platform/api';
