export * from './password-hash';
export * from './password-policy';
export * from './access-token';
export * from './opaque-token';
export * from './rate-limit/rate-limit';
export { CreateRateLimitBuckets1763800150000 } from './rate-limit/1763800150000-create-rate-limit-buckets';
