import { type Result } from '@platform/core';
import { Role, UUIDScalar, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { AutopayInput } from './enrollment.inputs';
import { refusedPayload, toAutopayPayload, toAutopayType } from './autopay.mappers';
import { AutopayPayloadType, CancelAutopayPayloadType } from './autopay.types';
import { autopayViewOf } from './autopay-view';
import { savedMethodLoader } from './enrollment.loaders';
import { cancelAutopay, enrollAutopay, updateAutopay, type EnrollmentChange } from './enrollment.service';

/** A customer's autopay: enrol, change, cancel. */
@Resolver()
export class EnrollmentResolver {
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
  @Mutation(() => CancelAutopayPayloadType, {
    description:
      'Ends your autopay of an account (yours even after you unlinked the account); retries already scheduled are not made. Another holder of the account is told NOT_ENROLLED or ENROLLED_BY_SOMEONE_ELSE; anyone else ACCOUNT_NOT_LINKED, whatever its autopay.',
  })
  async cancelAutopay(@Arg('serviceAccountId', () => UUIDScalar) serviceAccountId: string, @Ctx() ctx: RequestContext): Promise<CancelAutopayPayloadType> {
    const result = await cancelAutopay(requireTenant(ctx), serviceAccountId);
    if (!result.ok) return { autopay: null, userErrors: toUserErrorTypes(result.userErrors) };
    return { autopay: toAutopayType(result.value, null, await autopayViewOf(ctx), true), userErrors: [] };
  }

  private async payload(ctx: RequestContext, result: Result<EnrollmentChange>): Promise<AutopayPayloadType> {
    if (!result.ok) return refusedPayload(result.userErrors);
    return toAutopayPayload(result.value, await ctx.loaders.get(savedMethodLoader).load(result.value.enrollment.savedMethodId), await autopayViewOf(ctx));
  }
}
