import type { RequestContext } from '@platform/api';
import { Ctx, Query, Resolver } from 'type-graphql';

/**
 * The platform's clock, which decides every deadline (a refund request's expiry, a session's end). A page that shows a
 * deadline passing measures it against this, not the device's clock: a clerk's PC an hour slow would keep offering to
 * approve a request the server already refuses, one an hour fast would hide one still open.
 */
@Resolver()
export class PlatformTimeResolver {
  @Query(() => Date, { description: "The platform's clock now: deadlines (expiresAt) are decided by it, so a page measures them against it rather than the device's clock." })
  platformTime(@Ctx() ctx: RequestContext): Date {
    return ctx.clock.now();
  }
}
