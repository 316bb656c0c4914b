export type { LoaderFactory, RequestContext, TenantContext, TenantRef, Viewer } from './context';
export { RequestLoaders } from './loaders';
export { PLATFORM_OPERATOR_ACTOR, Role, actorAsSeenBy, actorOf, authChecker, isPersonActor, isStaff, operatorNotAllowed, refuseUnlessStillSignedIn } from './roles';
export { requireTenant } from './require-tenant';
export { assertPeriodInOrder } from './period';
export type { ServiceModule, JobHandler, JobHelpers, JobSchedule, HttpRoute, HttpRouteContext } from './service-module';
export { UserErrorType, toUserErrorTypes } from './user-error.type';
export { MoneyType, MoneyResolver } from './money.type';
export { LocaleEnum, CardBrandEnum, PaymentMethodKindEnum, PayableKindEnum } from './enums';
export { ClearLockoutsPayloadType, LockoutType, RateLimitReasonEnum, toLockoutType } from './lockout.type';
export { PageInfoType } from './page-info.type';
export {
  CLOSE_SUBSCRIBER_TOO_SLOW,
  closeWhenTooSlow,
  followFrom,
  FROM_THE_START,
  type EventFeed,
  type FollowFrom,
  type FollowOptions,
  type PlatformEvent,
  type SubscriptionConnection,
} from './event-feed';
export { matchesAny, type EventMatch } from './event-match';
export { endWhenSessionExpires } from './session-bound';
export { eachIndependently } from './each-independently';
export { selectsField } from './selects-field';
export { UUIDScalar, INVALID_ID } from './uuid.scalar';
export { INVALID_TEXT, refuseUnsafeTextArguments, unsafeTextPath } from './safe-text';
export { freshLoadersForEachChange } from './fresh-loaders';
export { CARD_NUMBER_REDACTED, cardNumbersIn, redactCardNumbers } from './card-numbers';
export { problem, validateInput } from './validate-input';
export { staffReasonInput } from './staff-reason';
export { cursorCodec, decodeAfter, type CursorCodec, type ListCursors } from './lists/cursor';
export { DEFAULT_PAGE_SIZE, clampPageSize, fetchSize, toConnection, type Connection, type PageSizeRule } from './lists/connection';
export { metricsRegistry, platformMetrics } from './metrics';
export { REQUEST_BODY_SILENCE_MS, RequestBodyStalled, readBodyWithin } from './request-body';
export { readWebhookBody, readWebhookForm, refuseTooLargeWebhook, requestHeader, sendWebhookAnswer, signedByTwilio } from './twilio-webhook';
