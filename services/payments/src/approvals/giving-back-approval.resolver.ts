import { Role, closeWhenTooSlow, endWhenSessionExpires, followFrom, requireTenant, toUserErrorTypes, type PlatformEvent, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { toPaymentType } from '../payment/payment.mappers';
import { cents } from '../payment/payment.mappers';
import type { PaymentsSettings } from '../payments-settings';
import { GivingBackApprovalChanged } from './giving-back-approval.events';
import { GivingBackDecisionInput } from './giving-back-approval.inputs';
import { GivingBackApprovalEventType, GivingBackApprovalType, GivingBackDecisionPayloadType } from './giving-back-approval.types';
import { approveGivingBack, awaitingApprovals, declineGivingBackChecked, toApprovalType, type Decided } from './giving-back-approve.service';
import type { Result } from '@platform/core';
import { citySettings } from '../city-settings';
import { staffPerson } from '@platform/customers';
import { approvalExpiresAt } from './giving-back-approval.service';

const APPROVAL_EVENTS = [{ typePrefix: GivingBackApprovalChanged.typePrefix }];

/** The city's ADMIN: refunds and voids awaiting a second ADMIN, live, and deciding them. */
@Resolver()
export class GivingBackApprovalResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => GivingBackDecisionPayloadType, {
    description:
      "ADMIN, not the one who asked (SECOND_STAFF_REQUIRED): approves a refund or void awaiting approval, with a reason; it is made now, as refundPayment or voidPayment would, every check run again on the payment as it is now (refunded or voided meanwhile: REFUND_TOO_LARGE, NOT_REFUNDABLE, NOT_VOIDABLE, and it stays awaiting, to be declined). Made once however many approve it at once: the others are answered with what it made. APPROVAL_NOT_AWAITING: declined, or not the city's. APPROVAL_EXPIRED: it awaited longer than the city's paymentRules.approvalExpiryDays, and is EXPIRED now if it was not yet (GIVING_BACK_EXPIRED in the audit log); nothing is sent. In the audit log (GIVING_BACK_APPROVED) by approver, naming the requester; the refund's or void's own entry names both.",
  })
  async approveGivingBack(@Arg('input', () => GivingBackDecisionInput) input: GivingBackDecisionInput, @Ctx() ctx: RequestContext): Promise<GivingBackDecisionPayloadType> {
    return decisionPayload(await approveGivingBack(requireTenant(ctx), this.settings.processor, input), ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => GivingBackDecisionPayloadType, {
    description:
      'ADMIN, not the one who asked (SECOND_STAFF_REQUIRED): declines a refund or void awaiting approval, with a reason; nothing moves. APPROVAL_NOT_AWAITING: decided already; APPROVAL_EXPIRED: expired already. In the audit log (GIVING_BACK_DECLINED).',
  })
  async declineGivingBack(@Arg('input', () => GivingBackDecisionInput) input: GivingBackDecisionInput, @Ctx() ctx: RequestContext): Promise<GivingBackDecisionPayloadType> {
    return decisionPayload(await declineGivingBackChecked(requireTenant(ctx), input), ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [GivingBackApprovalType], { description: 'ADMIN: the refunds and voids awaiting approval, oldest first; none past its expiresAt.' })
  async givingBackApprovalsAwaiting(@Ctx() ctx: RequestContext): Promise<GivingBackApprovalType[]> {
    const tenant = requireTenant(ctx);
    return Promise.all((await awaitingApprovals(tenant)).map((approval) => toApprovalType(approval, tenant)));
  }

  @Authorized(Role.ADMIN)
  @Subscription(() => GivingBackApprovalEventType, {
    description: 'ADMIN: refunds and voids as they are sent for approval, approved, declined and expired; with `after`, what was missed first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      const { after } = args as { after?: string | null };
      const tenantId = requireTenant(ctx).tenant.id;
      const events = ctx.events.follow(tenantId, {
        from: await followFrom(ctx.events, tenantId, after, ctx.locale),
        typePrefixes: [GivingBackApprovalChanged.typePrefix],
        accept: (event) => GivingBackApprovalChanged.includes(event),
        onOverflow: closeWhenTooSlow(ctx.connection),
      });
      return endWhenSessionExpires(ctx, events);
    },
  })
  async givingBackApprovals(@Root() event: PlatformEvent, @Ctx() ctx: RequestContext, @Arg('after', () => String, { nullable: true }) _after: string | null): Promise<GivingBackApprovalEventType> {
    const read = GivingBackApprovalChanged.read(event);
    const requestedAt = new Date(read.requestedAt);
    const { approvalExpiryDays } = (await citySettings(requireTenant(ctx))).paymentRules;
    return {
      cursor: event.cursor,
      occurredAt: new Date(event.occurredAt),
      id: read.approvalId,
      paymentId: read.paymentId,
      confirmationNumber: read.confirmationNumber,
      kind: read.kind,
      status: read.status,
      amount: cents(BigInt(read.amountCents)),
      reason: read.reason,
      requestedBy: read.requestedBy,
      requester: await staffPerson(ctx, read.requestedBy),
      requestedAt,
      expiresAt: read.status === 'AWAITING' ? approvalExpiresAt(requestedAt, approvalExpiryDays) : null,
      mine: read.requestedBy === ctx.viewer?.userId,
      decidedBy: read.decidedBy,
      decisionReason: null,
    };
  }

  @Authorized(Role.ADMIN)
  @Query(() => String, {
    nullable: true,
    description: 'ADMIN: the cursor of the latest event `givingBackApprovals` hands over, as the queue is now; null before its first. An event after it arrived after this answer.',
  })
  givingBackApprovalsHead(@Ctx() ctx: RequestContext): Promise<string | null> {
    return ctx.events.latestCursor(requireTenant(ctx).tenant.id, APPROVAL_EVENTS);
  }
}

async function decisionPayload(result: Result<Decided>, ctx: RequestContext): Promise<GivingBackDecisionPayloadType> {
  if (!result.ok) return { approval: null, payment: null, userErrors: toUserErrorTypes(result.userErrors) };
  const tenant = requireTenant(ctx);
  return { approval: await toApprovalType(result.value.approval, tenant), payment: result.value.payment && toPaymentType(result.value.payment, ctx.locale), userErrors: [] };
}
