import { CreateRateLimitBuckets1763800150000 } from './rate-limit/1763800150000-create-rate-limit-buckets';
import { CountRefusedAttempts1763800170000 } from './rate-limit/1763800170000-count-refused-attempts';
import { IndexBucketExpiry1796526515611 } from './rate-limit/1796526515611-index-bucket-expiry';
import { CreateSecurityEvents1763800160000 } from './security-log/1763800160000-create-security-events';
import { SecurityEventEntity } from './security-log/security-event.entity';

export { normaliseIdentifier } from './identifier';
export * from './password-hash';
export * from './password-policy';
export * from './access-token';
export * from './opaque-token';
export * from './rate-limit/rate-limit';
export { addressBlock } from './rate-limit/address-block';
export * from './security-log/security-log';
export { clearLockouts } from './lockout-clearing';
export { SECURITY_EVENT_KINDS, SecurityEventEntity, type SecurityEventKind } from './security-log/security-event.entity';

/** The tables this package owns (rate-limit counters, the security log), for the gateway to register. */
export const AUTH_ENTITIES = [SecurityEventEntity];
export const AUTH_MIGRATIONS = [CreateRateLimitBuckets1763800150000, CreateSecurityEvents1763800160000, CountRefusedAttempts1763800170000, IndexBucketExpiry1796526515611];
