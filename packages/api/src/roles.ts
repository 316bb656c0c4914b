import { DomainError, ErrorCode, isUuid, translate, type Locale } from '@platform/core';
import type { AuthChecker } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from './context';

/**
 * Roles named in `@Authorized(...)`. CUSTOMER, SUPPORT and ADMIN belong to a
 * user of one city; the platform operator is a credential, not a user.
 */
export enum Role {
  PLATFORM_OPERATOR = 'PLATFORM_OPERATOR',
  CUSTOMER = 'CUSTOMER',
  SUPPORT = 'SUPPORT',
  ADMIN = 'ADMIN',
}

/** The actor a ledger, history or audit log names for what the platform operator did (a credential, not a user). */
export const PLATFORM_OPERATOR_ACTOR = 'platform-operator';

/**
 * Who is acting, for ledgers, status histories and audit logs: the signed-in user, or the platform operator; a request
 * that is neither (which no money operation lets through) is named so, never credited to anyone.
 */
export function actorOf(context: RequestContext): string {
  if (context.viewer) return context.viewer.userId;
  return context.operator ? PLATFORM_OPERATOR_ACTOR : 'anonymous';
}

/** Whether an actor is a person (a user, or the operator), not a job ("system", "reconciliation"). */
export const isPersonActor = (actor: string): boolean => isUuid(actor) || actor === PLATFORM_OPERATOR_ACTOR;

/**
 * type-graphql's guard. It throws coded, translated errors itself, rather than
 * returning false, so the client learns whether to sign in or give up.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (roles.includes(Role.PLATFORM_OPERATOR) && context.operator) return true;
  const userRoles = roles.filter((role) => role !== Role.PLATFORM_OPERATOR);
  if (!context.viewer) {
    // The operator's key was checked and is good: it is a credential this action does not take, so signing in (or
    // retrying the key) would not help; a city's staff member has to do it.
    if (context.operator) throw operatorNotAllowed(context.locale);
    const onlyOperator = roles.length > 0 && userRoles.length === 0;
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(context.locale, onlyOperator ? 'error.operatorRequired' : 'error.unauthenticated'));
  }
  if (roles.length === 0 || userRoles.some((role) => context.viewer?.roles.includes(role))) return true;
  throw new DomainError(ErrorCode.FORBIDDEN, translate(context.locale, 'error.forbidden'));
};

/**
 * The operator's key refused what only a city's staff member may do: the key is good (no sign-in would help), so
 * FORBIDDEN, never UNAUTHENTICATED. For the guard, and for a service that lets the operator do only part of an action.
 */
export function operatorNotAllowed(locale: Locale): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, translate(locale, 'error.operatorNotAllowed'));
}

/**
 * Refuses (FORBIDDEN) a staff member's request that moves money or changes what residents owe once its sender no
 * longer stands as it was let in (the guard read the session as the request arrived): an ADMIN demoted, or a clerk
 * whose access was taken away, while it waited on a busy account or payment does nothing after all, so whoever removed
 * them is right that it took effect at once. Call in the money's transaction, after its own locks and before it
 * writes (Viewer.stillSignedIn's lock then covers the write). The operator's key and jobs have no viewer to recheck.
 */
export async function refuseUnlessStillSignedIn(manager: EntityManager, context: Pick<RequestContext, 'viewer' | 'locale'>): Promise<void> {
  if (context.viewer && !(await context.viewer.stillSignedIn(manager))) throw new DomainError(ErrorCode.FORBIDDEN, translate(context.locale, 'error.forbidden'));
}

/** Whether the request is the city's staff (SUPPORT or ADMIN), for fields that show them more than a customer. */
export const isStaff = (context: RequestContext): boolean => !!context.viewer && (context.viewer.roles.includes(Role.SUPPORT) || context.viewer.roles.includes(Role.ADMIN));

/**
 * Who acted (a user id, or a job's name such as "system"), as this request
 * may see it: staff see every id; a customer sees their own id, and "staff"
 * for one of the city's people (which of them is the city's business).
 */
export const actorAsSeenBy = (context: RequestContext, actor: string): string => (isStaff(context) || actor === context.viewer?.userId || !isUuid(actor) ? actor : 'staff');
