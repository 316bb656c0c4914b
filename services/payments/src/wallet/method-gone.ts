import type { Charge, ProcessorResult } from '@platform/processor';
import type { EntityManager } from 'typeorm';

/**
 * The processor's answers to a saved method's charge that no retry can turn, because the method itself is gone: the
 * bank says the account no longer exists (closed since it was saved), or the processor no longer holds the method
 * (deleted in its dashboard). Kept in the wallet, it would be offered, tried and refused again and again.
 */
export const METHOD_GONE_AT_PROCESSOR = 'METHOD_NOT_FOUND';

/** Whether `answer` says a saved method is gone; the REJECTED code is the processor's own (see processor-sandbox customers.ts). */
export function methodGoneIn(answer: ProcessorResult<Charge | null>): boolean {
  if (answer.outcome === 'DECLINED') return answer.code === 'INVALID_ACCOUNT';
  return answer.outcome === 'REJECTED' && answer.code === 'method_not_found';
}

/**
 * Takes a saved method out of its owner's wallet, in the caller's tenant transaction, as if they had removed it:
 * autopay on it then suspends as METHOD_UNAVAILABLE before charging (decideAttempt), and an enrolment or payment with
 * it is refused. The processor is not asked to delete it: it no longer holds it, or holds an account no bank does.
 */
export async function retireSavedMethod(manager: EntityManager, savedMethodId: string, at: Date): Promise<void> {
  await manager.query('UPDATE saved_payment_methods SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL', [savedMethodId, at]);
}
