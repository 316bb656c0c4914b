import { Role, UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { findServiceAccounts, toServiceAccountType } from '@platform/billing';
import { withTenant } from '@platform/db';
import { savedMethodsById } from '@platform/payments';
import { tenantByIdLoader } from '@platform/tenants';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { deductionDateOf } from '../autopay-calendar';
import type { EnrollmentStatus } from '../enrollment/autopay-enrollment.entity';
import { AutopayRunEntity } from '../runs/autopay-run.entity';
import { decodeTimeCursor, encodeTimeCursor, listEnrollments, listOutcomes, listRuns, summarizeRuns } from './staff-autopay.queries';
import type { AutopaySettings } from '../autopay-settings';
import { toAutopayType, toOutcomeType, toRunType, toUserErrors } from '../enrollment/autopay.mappers';
import {
  AutopayEnrollmentConnectionType,
  AutopayOutcomeConnectionType,
  AutopayRunConnectionType,
  AutopayRunType,
  AutopayStatusEnum,
  RunAutopayPayloadType,
  type AutopayStatus,
} from '../enrollment/autopay.types';
import { autopayViewOf } from '../enrollment/autopay-view';
import { runAutopayForDate } from '../runs/manual-run.service';

const size = (first: number, max: number) => Math.min(Math.max(first, 1), max);
const STORED_STATUS: Record<AutopayStatus, EnrollmentStatus> = { ENROLLED: 'ENROLLED', SUSPENDED: 'SUSPENDED', NOT_ENROLLED: 'CANCELLED' };

/** City staff: who is enrolled, what each run did to each account, and running autopay for a date. */
@Resolver(() => AutopayRunType)
export class StaffAutopayResolver {
  constructor(private readonly settings: AutopaySettings) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayEnrollmentConnectionType, { description: 'Staff: autopay enrolments, most recently enrolled first; NOT_ENROLLED lists cancelled ones.' })
  async autopayEnrollments(
    @Arg('status', () => AutopayStatusEnum, { nullable: true }) status: AutopayStatus | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AutopayEnrollmentConnectionType> {
    const view = await autopayViewOf(ctx);
    const { page, accounts, methods } = await withTenant(requireTenant(ctx), async (manager) => {
      const page = await listEnrollments(manager, status ? STORED_STATUS[status] : null, size(first, 200), after ? decodeTimeCursor(after) : null);
      const accounts = new Map((await findServiceAccounts(manager, page.rows.map((e) => e.serviceAccountId))).map((a) => [a.id, a]));
      return { page, accounts, methods: await savedMethodsById(manager, page.rows.map((e) => e.savedMethodId)) };
    });
    const edges = page.rows.flatMap((enrollment) => {
      const account = accounts.get(enrollment.serviceAccountId);
      if (!account) return [];
      const node = {
        serviceAccount: toServiceAccountType(account),
        customerId: enrollment.userId,
        autopay: toAutopayType(enrollment, methods.get(enrollment.savedMethodId) ?? null, view, true),
        firstDeductionDate: deductionDateOf(enrollment.firstCycle, view.deductionDay),
        updatedAt: enrollment.updatedAt,
      };
      return [{ node, cursor: encodeTimeCursor({ at: enrollment.enrolledAt, id: enrollment.serviceAccountId }) }];
    });
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayRunConnectionType, { description: 'Staff: autopay runs, newest first.' })
  async autopayRuns(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AutopayRunConnectionType> {
    const { page, summaries } = await withTenant(requireTenant(ctx), async (manager) => {
      const page = await listRuns(manager, size(first, 100), after ? decodeTimeCursor(after) : null);
      return { page, summaries: await summarizeRuns(manager, page.rows.map((r) => r.id)) };
    });
    const edges = page.rows.map((run) => ({ node: toRunType(run, summaries.get(run.id)!), cursor: encodeTimeCursor({ at: run.startedAt, id: run.id }) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayRunType, { nullable: true, description: 'Staff: one autopay run.' })
  async autopayRun(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<AutopayRunType | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return withTenant(requireTenant(ctx), async (manager) => {
      const run = await manager.getRepository(AutopayRunEntity).findOneBy({ id });
      return run ? toRunType(run, (await summarizeRuns(manager, [run.id])).get(run.id)!) : null;
    });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => AutopayOutcomeConnectionType, { description: 'What the run did to each account, in order.' })
  async outcomes(
    @Root() run: AutopayRunType,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AutopayOutcomeConnectionType> {
    const { page, numbers } = await withTenant(requireTenant(ctx), async (manager) => {
      const page = await listOutcomes(manager, run.id, size(first, 500), after && /^\d{1,19}$/.test(after) ? after : null);
      const accounts = await findServiceAccounts(manager, [...new Set(page.rows.map((o) => o.serviceAccountId))]);
      return { page, numbers: new Map(accounts.map((a) => [a.id, a.accountNumber])) };
    });
    const edges = page.rows.map((outcome) => ({ node: toOutcomeType(outcome, numbers.get(outcome.serviceAccountId) ?? ''), cursor: outcome.seq }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RunAutopayPayloadType, {
    description: 'ADMIN: runs autopay for a city date up to today, as the scheduled pass does (e.g. to catch up after an outage). Charges nobody twice. The CLI does the same: pnpm cli autopay:run.',
  })
  async runAutopay(@Arg('date', () => LocalDateResolver) date: string, @Ctx() ctx: RequestContext): Promise<RunAutopayPayloadType> {
    const tenantCtx = requireTenant(ctx);
    const tenant = await ctx.loaders.get(tenantByIdLoader).load(tenantCtx.tenant.id);
    if (!tenant) throw new Error(`tenant ${tenantCtx.tenant.id} vanished during the request`);
    const result = await runAutopayForDate(tenantCtx, this.settings, tenant, { date, trigger: 'STAFF', actor: ctx.viewer!.userId });
    return result.ok ? { run: toRunType(result.value.run, result.value.summary), userErrors: [] } : { run: null, userErrors: toUserErrors(result.userErrors) };
  }
}
