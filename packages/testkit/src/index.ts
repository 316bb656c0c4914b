export { startTestPlatform, TEST_OPERATOR_KEY, TEST_SESSION_SETTINGS, FixedClock, type TestPlatform, type TestPlatformOptions } from './test-platform';
export { GraphQLTestClient, WebSocketSession, type GraphQLResponse } from './graphql-client';
