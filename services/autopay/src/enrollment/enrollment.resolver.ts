import { type Result } from '@platform/core';
import { Role, UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AutopayEnrollmentEntity } from './autopay-enrollment.entity';
import { AutopayInput } from './enrollment.inputs';
import { refusedPayload, toAutopayPayload, toAutopayType, toUserErrors } from './autopay.mappers';
import { AutopayPayloadType, CancelAutopayPayloadType } from './autopay.types';
import { autopayViewOf } from './autopay-view';
import { cancelAutopay, enrollAutopay, updateAutopay, type EnrollmentChange } from './enrollment.service';

/** A customer's autopay: enrol, change, cancel. */
@Resolver()
export class AutopayResolver {
  @Authorized(Role.CUSTOMER)
  @Mutation(() => AutopayPayloadType, {
    description: "Enrols one of your linked accounts in autopay with one of your saved methods. After this month's deduction day, this month is not covered: see currentCycleCovered.",
  })
  async enrollAutopay(@Arg('input', () => AutopayInput) input: AutopayInput, @Ctx() ctx: RequestContext): Promise<AutopayPayloadType> {
    return this.payload(ctx, await enrollAutopay(requireTenant(ctx), input));
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => AutopayPayloadType, { description: 'Replaces the method and maximum of your autopay; a SUSPENDED autopay starts again.' })
  async updateAutopay(@Arg('input', () => AutopayInput) input: AutopayInput, @Ctx() ctx: RequestContext): Promise<AutopayPayloadType> {
    return this.payload(ctx, await updateAutopay(requireTenant(ctx), input));
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => CancelAutopayPayloadType, { description: 'Ends your autopay of an account; retries already scheduled are not made.' })
  async cancelAutopay(@Arg('serviceAccountId', () => UUIDScalar) serviceAccountId: string, @Ctx() ctx: RequestContext): Promise<CancelAutopayPayloadType> {
    const result = await cancelAutopay(requireTenant(ctx), serviceAccountId);
    if (!result.ok) return { autopay: null, userErrors: toUserErrors(result.userErrors) };
    return { autopay: toAutopayType(result.value, null, await autopayViewOf(ctx), true), userErrors: [] };
  }

  private async payload(ctx: RequestContext, result: Result<EnrollmentChange>): Promise<AutopayPayloadType> {
    if (!result.ok) return refusedPayload(result.userErrors);
    return toAutopayPayload(result.value, await methodOf(ctx, result.value.enrollment), await autopayViewOf(ctx));
  }
}

async function methodOf(ctx: RequestContext, enrollment: AutopayEnrollmentEntity): Promise<SavedMethodSummary | null> {
  const methods = await withTenant(requireTenant(ctx), (manager) => savedMethodsById(manager, [enrollment.savedMethodId]));
  return methods.get(enrollment.savedMethodId) ?? null;
}
