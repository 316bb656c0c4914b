export { UserErrorCode } from './user-error-code';
export { userError, type FieldPath, type UserError } from './user-error';
export { ok, refused, type Result } from './result';
