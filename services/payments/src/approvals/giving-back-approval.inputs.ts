import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { reasonInput } from '../payment/input-checks';

@InputType('GivingBackDecisionInput')
export class GivingBackDecisionInput {
  @Field(() => UUIDScalar, { description: 'The refund or void awaiting approval (GivingBackApproval.id).' }) approvalId: string;
  @Field({ description: 'Why it is approved or declined, for the audit log (REQUIRED).' }) reason: string;
}

/** approveGivingBack's and declineGivingBack's input, checked: the reason trimmed. */
export const decisionInput = z.object({ approvalId: z.string(), reason: reasonInput });
