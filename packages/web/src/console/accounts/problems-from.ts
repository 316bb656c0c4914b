import type { Problems } from './action-dialog';

export interface UserErrorLike {
  readonly field: readonly string[];
  readonly code?: string;
  readonly message: string;
}

/**
 * What an answer's userErrors say of a money-moving action: done; refused;
 * or not known, where the server sent it on to the processor and had no
 * answer (PROCESSOR_UNAVAILABLE: "sent, not yet confirmed"). Then the attempt
 * is still under way: the same key again learns what became of it, where a
 * new key would refund twice.
 */
export function outcomeOfAnswer(userErrors: readonly UserErrorLike[]): 'done' | 'refused' | 'unknown' {
  if (userErrors.length === 0) return 'done';
  return userErrors.some((error) => error.code === 'PROCESSOR_UNAVAILABLE') ? 'unknown' : 'refused';
}

/** Whether a GraphQL error's code is the server's answer (not allowed, not found...) rather than a fault that says nothing of what was done. */
export const isAnswer = (code: string | null | undefined): boolean => !!code && code !== 'INTERNAL_SERVER_ERROR' && code !== 'SERVICE_UNAVAILABLE';

/** Where each mutation argument's problems show: the reason field takes memo (adjustment) and note (status changes) too; the bill an adjustment applies to, payableId. */
const FIELD_OF: Readonly<Record<string, keyof Problems>> = { amount: 'amount', reason: 'reason', memo: 'reason', note: 'reason', kind: 'kind', payableId: 'payable' };

/** userErrors (already in the page's language: the request carried it) next to their fields; the rest about the action as a whole. */
export function problemsFrom(userErrors: readonly UserErrorLike[]): Problems {
  const problems: Partial<Record<keyof Problems, string>> = {};
  for (const error of userErrors) {
    const field = FIELD_OF[error.field.at(-1) ?? ''] ?? 'form';
    problems[field] = problems[field] ? `${problems[field]} ${error.message}` : error.message;
  }
  return problems;
}
