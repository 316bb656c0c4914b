import type { EntityManager } from 'typeorm';

/**
 * Which of these accounts a payment pays that the processor has not
 * answered (in flight, or in doubt until reconciliation settles it), read in
 * the caller's transaction. Billing learns of a payment only once the
 * processor has taken it, yet one in doubt may have been charged: the
 * payments service answers (accountsWithPaymentsUnanswered), and the gateway
 * hands its answer to billing, which may not depend on payments.
 */
export type PaymentsUnanswered = (manager: EntityManager, serviceAccountIds: readonly string[]) => Promise<Set<string>>;
