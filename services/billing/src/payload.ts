import type { UserErrorType } from '@platform/api';
import type { UserError } from '@platform/core';

/** A Result's userErrors as the GraphQL UserError type (whose lists are mutable). */
export const toUserErrors = (errors: readonly UserError[]): UserErrorType[] => errors.map((error) => ({ field: [...error.field], code: error.code, message: error.message }));
