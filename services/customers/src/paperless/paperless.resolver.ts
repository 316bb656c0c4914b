import { Role, UUIDScalar, clampPageSize, cursorCodec, decodeAfter, fetchSize, isStaff, requireTenant, toConnection, type Connection, type RequestContext } from '@platform/api';
import { ServiceAccountType, toServiceAccountType } from '@platform/billing';
import { tenantByIdLoader } from '@platform/tenants';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toUserErrors } from '../customer.mappers';
import { paperlessAccounts, paperlessAccountsCsv, paperlessAsSeenBy, paperlessChanges, paperlessReport } from './paperless.queries';
import { choosePaper, choosePaperless } from './paperless.service';
import {
  PaperlessAccountConnectionType,
  PaperlessChangeConnectionType,
  PaperlessPayloadType,
  PaperlessReportType,
  PaperlessType,
  type PaperlessAccountType,
  type PaperlessChangeType,
} from './paperless.types';

/** Paperless accounts in account-number order: the cursor keeps the last one's account key. */
const paperlessAccountCursor = cursorCodec('paperlessAccounts', 'text');
/** Changes oldest first: the cursor keeps the last one's time and id. */
const paperlessChangeCursor = cursorCodec('paperlessChanges', 'timestamp', 'uuid');

/** Whether the request's city offers paperless billing (tenant.paperless.offered). */
async function offeredBy(ctx: RequestContext): Promise<boolean> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(requireTenant(ctx).tenant.id);
  if (!tenant) throw new Error('the request’s city vanished during the request');
  return tenant.settings.paperless.offered;
}

/** Paperless billing: a holder's choice on the account page, and the billing office's print list. */
@Resolver(() => ServiceAccountType)
export class PaperlessResolver {
  @FieldResolver(() => PaperlessType, {
    description: 'Paperless billing of this account: whether it is printed, and (for a resident) their own choice and what stops them making it.',
  })
  async paperless(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<PaperlessType> {
    const tenantCtx = requireTenant(ctx);
    const offered = await offeredBy(ctx);
    const userId = ctx.viewer && !isStaff(ctx) ? ctx.viewer.userId : null;
    return paperlessAsSeenBy(tenantCtx, userId, offered, account);
  }

  @Authorized()
  @Mutation(() => PaperlessPayloadType, {
    description:
      'Stops the paper bill of an account you hold: each bill then comes by email only, to your confirmed address. Needs the city to offer it (PAPERLESS_NOT_OFFERED), the account linked (ACCOUNT_NOT_LINKED) and open (ACCOUNT_CLOSED), a confirmed address (EMAIL_NOT_PROVED) that takes mail (EMAIL_UNDELIVERABLE) and new bill emails switched on (BILL_NOTICES_OFF). Your consent is kept (when) and audited (PAPERLESS_CHOSEN). It ends by itself, with an email where one reaches you, when any of these stops holding.',
  })
  async choosePaperlessBilling(@Arg('serviceAccountId', () => UUIDScalar) serviceAccountId: string, @Ctx() ctx: RequestContext): Promise<PaperlessPayloadType> {
    const result = await choosePaperless(requireTenant(ctx), serviceAccountId, await offeredBy(ctx));
    return result.ok ? { serviceAccount: toServiceAccountType(result.value), userErrors: [] } : { serviceAccount: null, userErrors: toUserErrors(result) };
  }

  @Authorized()
  @Mutation(() => PaperlessPayloadType, {
    description: 'Takes back your paperless choice: the paper bill is mailed again unless another holder still gets the bills by email. Audited (PAPER_CHOSEN).',
  })
  async choosePaperBills(@Arg('serviceAccountId', () => UUIDScalar) serviceAccountId: string, @Ctx() ctx: RequestContext): Promise<PaperlessPayloadType> {
    const result = await choosePaper(requireTenant(ctx), serviceAccountId, await offeredBy(ctx));
    return result.ok ? { serviceAccount: toServiceAccountType(result.value), userErrors: [] } : { serviceAccount: null, userErrors: toUserErrors(result) };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaperlessAccountConnectionType, {
    description:
      'Staff: the accounts the city does not print nor mail (a holder who chose paperless gets the bills by email), in account-number order, for the print vendor. Empty while the city does not offer paperless.',
  })
  async paperlessAccounts(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<PaperlessAccountType>> {
    const size = clampPageSize(first);
    const tenantCtx = requireTenant(ctx);
    const cursors = paperlessAccountCursor.within({ tenantId: tenantCtx.tenant.id });
    const afterParts = decodeAfter(cursors, after, ctx.locale);
    const offered = await offeredBy(ctx);
    const rows = await paperlessAccounts(tenantCtx, offered, afterParts?.[0] ?? null, fetchSize(size));
    return toConnection(rows, size, {
      node: (row) => ({
        accountNumber: row.account.accountNumber,
        serviceAccount: toServiceAccountType(row.account),
        since: row.since!,
        holders: row.choices.filter((choice) => choice.lapse === null).length,
      }),
      cursor: (row) => cursors.encode([row.account.accountKey]),
    });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => String, { description: 'Staff: the account numbers the city does not print, as CSV (a header, `account_number`, then one a line), for the print vendor.' })
  async paperlessAccountsCsv(@Ctx() ctx: RequestContext): Promise<string> {
    const offered = await offeredBy(ctx);
    return paperlessAccountsCsv(requireTenant(ctx), offered);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaperlessChangeConnectionType, { description: 'Staff: the accounts that stopped or started being printed at or after `since`, oldest first.' })
  async paperlessChanges(
    @Arg('since', () => Date) since: Date,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<PaperlessChangeType>> {
    const size = clampPageSize(first);
    const tenantCtx = requireTenant(ctx);
    const cursors = paperlessChangeCursor.within({ tenantId: tenantCtx.tenant.id });
    const afterParts = decodeAfter(cursors, after, ctx.locale);
    const rows = await paperlessChanges(tenantCtx, since, afterParts, fetchSize(size));
    return toConnection(rows, size, { node: (row) => row, cursor: (row) => cursors.encode([new Date(row.changedAt), row.id]) });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaperlessReportType, { description: "Staff: the city's paperless billing in numbers." })
  async paperlessReport(@Ctx() ctx: RequestContext): Promise<PaperlessReportType> {
    const offered = await offeredBy(ctx);
    return paperlessReport(requireTenant(ctx), offered);
  }
}
