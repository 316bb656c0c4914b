import type { Problems } from './action-dialog';

export interface UserErrorLike {
  readonly field: readonly string[];
  readonly message: string;
}

/** Where each mutation argument's problems show: the reason field takes memo (adjustment) and note (status changes) too. */
const FIELD_OF: Readonly<Record<string, keyof Problems>> = { amount: 'amount', reason: 'reason', memo: 'reason', note: 'reason', kind: 'kind' };

/** userErrors (already in the page's language: the request carried it) next to their fields; the rest about the action as a whole. */
export function problemsFrom(userErrors: readonly UserErrorLike[]): Problems {
  const problems: Partial<Record<keyof Problems, string>> = {};
  for (const error of userErrors) {
    const field = FIELD_OF[error.field.at(-1) ?? ''] ?? 'form';
    problems[field] = problems[field] ? `${problems[field]} ${error.message}` : error.message;
  }
  return problems;
}
