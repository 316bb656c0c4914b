import { Role, clampPageSize, requireTenant, toConnection, type Connection, type RequestContext, decodeAfter } from '@platform/api';
import { toServiceAccountType } from '@platform/billing';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { cycleOf, deductionDateOf } from '../autopay-calendar';
import { toAutopayType } from './autopay.mappers';
import { AutopayEnrollmentConnectionType, AutopayStatusEnum, type AutopayEnrollmentType, type AutopayStatus } from './autopay.types';
import { autopayViewOf } from './autopay-view';
import { enrollmentCursor, enrollmentsPage } from './enrollment.queries';

/** City staff: who is enrolled. */
@Resolver()
export class StaffEnrollmentsResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => AutopayEnrollmentConnectionType, {
    description:
      'Staff: autopay enrolments, most recently enrolled first, each shown as its account shows it; a status lists those shown with it (NOT_ENROLLED: cancelled, or on an account closed or unlinked by its enroller).',
  })
  async autopayEnrollments(
    @Arg('status', () => AutopayStatusEnum, { nullable: true }) status: AutopayStatus | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutopayEnrollmentType>> {
    const view = await autopayViewOf(ctx);
    const size = clampPageSize(first, { default: 50, max: 200 });
    const tenantCtx = requireTenant(ctx);
    const cursors = enrollmentCursor.within({ tenantId: tenantCtx.tenant.id });
    const rows = await enrollmentsPage(tenantCtx, status, size, decodeAfter(cursors, after, ctx.locale), cycleOf(view.today));
    return toConnection(rows, size, {
      node: ({ enrollment, account, method, schedule, lapsed }) => ({
        serviceAccount: toServiceAccountType(account),
        customerId: enrollment.userId,
        autopay: toAutopayType(enrollment, method, view, true, schedule, lapsed),
        firstDeductionDate: schedule.promised.get(enrollment.firstCycle) ?? deductionDateOf(enrollment.firstCycle, view.deductionDay),
        updatedAt: enrollment.updatedAt,
      }),
      cursor: ({ enrollment }) => cursors.encode([enrollment.enrolledAt, enrollment.serviceAccountId]),
    });
  }
}
