import { PLATFORM_OPERATOR_ACTOR, type RequestContext } from '@platform/api';

/** Who is acting, for ledgers and status histories: the signed-in user, or the platform operator. */
export function actorOf(ctx: RequestContext): string {
  if (ctx.viewer) return ctx.viewer.userId;
  return ctx.operator ? PLATFORM_OPERATOR_ACTOR : 'anonymous';
}
