import { DomainError, ErrorCode, translate } from '@platform/core';
import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from './context';

/** Roles named in `@Authorized(...)`. City roles arrive with the customers service. */
export enum Role {
  PLATFORM_OPERATOR = 'PLATFORM_OPERATOR',
}

/**
 * type-graphql's guard. It throws coded, translated errors itself, rather than
 * returning false, so the client learns whether to sign in or give up.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (roles.includes(Role.PLATFORM_OPERATOR) && context.operator) return true;
  if (roles.includes(Role.PLATFORM_OPERATOR)) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(context.locale, 'error.operatorRequired'));
  }
  if (!context.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(context.locale, 'error.unauthenticated'));
  if (roles.length === 0 || roles.some((role) => context.viewer?.roles.includes(role))) return true;
  throw new DomainError(ErrorCode.FORBIDDEN, translate(context.locale, 'error.forbidden'));
};
