import { Role, clampPageSize, cursorCodec, decodeAfter, fetchSize, requireTenant, toConnection, type Connection, type RequestContext } from '@platform/api';
import { containsCardNumber, DomainError, ErrorCode, translate } from '@platform/core';
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
      'Staff: the city’s residents (CUSTOMER users) whose name, email or username has a word starting with each word of `search` (any case, accents aside; words split at anything but letters, digits and _: "lop ana" finds Ana López at alopez@example.com, "work" finds ana.lopez.work@example.net), or whose phone holds its digits anywhere when it is a phone number ("929-5766"), in name order. A blank search finds nobody. Only this city’s residents, whoever asks. Each search is written to the city’s audit log (RESIDENTS_SEARCHED: who, what was typed, how many it showed); one holding a card number is BAD_USER_INPUT (reason CARD_NUMBER_NOT_ACCEPTED) and kept nowhere.',
  })
  async residents(
    @Arg('search') search: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<UserType>> {
    // Each search is kept in the audit log as typed: a card number read out by a caller and typed here must not be.
    if (containsCardNumber(search)) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'error.cardNumberInText'), { reason: 'CARD_NUMBER_NOT_ACCEPTED', field: 'search' });
    }
    const size = clampPageSize(first);
    const tenantCtx = requireTenant(ctx);
    const cursors = residentCursor.within({ tenantId: tenantCtx.tenant.id });
    const afterParts = decodeAfter(cursors, after, ctx.locale);
    const residents = await searchResidents(tenantCtx, { text: search, limit: fetchSize(size), after: afterParts });
    return toConnection(residents, size, { node: toUserType, cursor: (resident) => cursors.encode([resident.sortKey, resident.id]) });
  }
}
