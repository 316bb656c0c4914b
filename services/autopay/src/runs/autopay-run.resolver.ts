import { Role, UUIDScalar, clampPageSize, requireTenant, toConnection, type Connection, type RequestContext, decodeAfter, toUserErrorTypes } from '@platform/api';
import { localDateOf } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AutopaySettings } from '../autopay-settings';
import { runOutcomesLoader } from './autopay-run.loaders';
import { toOutcomeType, toRunType } from './autopay-run.mappers';
import { findRun, outcomeCursor, runCursor, runsPage } from './autopay-run.queries';
import { AutopayOutcomeConnectionType, AutopayRunConnectionType, AutopayRunType, RunAutopayPayloadType, type AutopayOutcomeType } from './autopay-run.types';
import { runAutopayForDate } from './manual-run.service';

/** City staff: the runs, what each did to each account, and running autopay for a date. */
@Resolver(() => AutopayRunType)
export class AutopayRunResolver {
  constructor(private readonly settings: AutopaySettings) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayRunConnectionType, { description: 'Staff: autopay runs, newest first.' })
  async autopayRuns(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutopayRunType>> {
    const size = clampPageSize(first, { default: 20, max: 100 });
    const tenantCtx = requireTenant(ctx);
    const cursors = runCursor.within({ tenantId: tenantCtx.tenant.id });
    const runs = await runsPage(tenantCtx, size, decodeAfter(cursors, after, ctx.locale));
    return toConnection(runs, size, { node: toRunType, cursor: ({ run }) => cursors.encode([run.startedAt, run.id]) });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayRunType, { nullable: true, description: 'Staff: one autopay run.' })
  async autopayRun(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<AutopayRunType | null> {
    const run = await findRun(requireTenant(ctx), id);
    return run ? toRunType(run) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => AutopayOutcomeConnectionType, {
    description:
      'What the run did to each account, in the order recorded. While the run is going, an outcome is listed once every transaction begun before it has ended (one recorded earlier may still be committing), so paging on from a cursor never skips one.',
  })
  async outcomes(
    @Root() run: AutopayRunType,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutopayOutcomeType>> {
    const size = clampPageSize(first, { default: 100, max: 500 });
    const cursors = outcomeCursor.within({ tenantId: requireTenant(ctx).tenant.id, parentId: run.id });
    const afterOutcome = decodeAfter(cursors, after, ctx.locale);
    const outcomes = await ctx.loaders.get(runOutcomesLoader).load({ runId: run.id, size, after: afterOutcome });
    return toConnection(outcomes, size, {
      node: toOutcomeType,
      cursor: ({ outcome }) => cursors.encode([outcome.id]),
    });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RunAutopayPayloadType, {
    description:
      "ADMIN: runs autopay for a city date up to today (the city's today when no date is given), as the scheduled pass does (e.g. to catch up after an outage). Charges nobody twice. When the server begins to stop during the run, the run sends nothing more, records what it sent and is returned unfinished (finishedAt null): running it again takes up the rest. The CLI does the same: pnpm cli autopay:run.",
  })
  async runAutopay(@Arg('date', () => LocalDateResolver, { nullable: true }) date: string | null, @Ctx() ctx: RequestContext): Promise<RunAutopayPayloadType> {
    const tenantCtx = requireTenant(ctx);
    const tenant = await ctx.loaders.get(tenantByIdLoader).load(tenantCtx.tenant.id);
    if (!tenant) throw new Error(`tenant ${tenantCtx.tenant.id} vanished during the request`);
    // "Run now" from the console: today is the city's date on the server's clock, not the browser's.
    const runDate = date ?? localDateOf(tenantCtx.clock.now(), tenant.settings.timeZone);
    // A run takes minutes over a large city: a gateway that begins to stop ends it part-way, as a stopping worker does,
    // rather than waiting out the stop's bound and being cut off with charges taken and not recorded.
    const result = await runAutopayForDate(tenantCtx, this.settings, tenant, { date: runDate, trigger: 'STAFF', actor: ctx.viewer!.userId }, ctx.stopping);
    return result.ok ? { run: toRunType(result.value), userErrors: [] } : { run: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
