import { Role, clampPageSize, cursorCodec, decodeAfter, fetchSize, requireTenant, toConnection, type Connection, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { toUserType } from '../customer.mappers';
import type { UserType } from '../customer.types';
import { searchResidents } from './resident-search.queries';
import { UserConnectionType } from './resident-search.types';

/** Residents in name order: the cursor keeps the last one's sort key and id (both needed: names repeat). */
const residentCursor = cursorCodec('residents', 'text', 'uuid');

/** Staff finding the resident on the phone, to read their lockouts (User.lockouts) and clear them. */
@Resolver()
export class ResidentSearchResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => UserConnectionType, {
    description:
      'Staff: the city’s residents (CUSTOMER users) whose name, email or username holds every word of `search` (any case, any part: "lop ana" finds Ana López at alopez@example.com), or whose phone holds its digits when it is a phone number ("929-5766"), in name order. A blank search finds nobody. Only this city’s residents, whoever asks.',
  })
  async residents(
    @Arg('search') search: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<UserType>> {
    const size = clampPageSize(first);
    const tenantCtx = requireTenant(ctx);
    const cursors = residentCursor.within({ tenantId: tenantCtx.tenant.id });
    const afterParts = decodeAfter(cursors, after, ctx.locale);
    const residents = await searchResidents(tenantCtx, { text: search, limit: fetchSize(size), after: afterParts });
    return toConnection(residents, size, { node: toUserType, cursor: (resident) => cursors.encode([resident.sortKey, resident.id]) });
  }
}
