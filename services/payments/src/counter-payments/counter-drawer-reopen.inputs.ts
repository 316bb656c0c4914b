import { staffReasonInput } from '@platform/api';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { apiIdempotencyKeyInput } from '../payment/input-checks';

@InputType('ReopenCounterDrawerInput', { description: "A clerk's closed drawer to open again, and why." })
export class ReopenCounterDrawerInput {
  @Field({ description: 'Made once per reopening (e.g. a UUID made when the form opens): sent again, the same answer.' }) idempotencyKey: string;
  @Field(() => ID, { description: "The drawer's clerk (CounterDrawer.clerkId)." }) clerkId: string;
  @Field(() => LocalDateResolver, { description: "The drawer's day, in the city's calendar." }) date: string;
  @Field({ description: 'Why it is reopened (a miscount, a payment to void): required, kept with the close, for staff only.' }) reason: string;
}

/** reopenCounterDrawer's input, checked: the reason required and trimmed. */
export const reopenDrawerInput = z.object({
  idempotencyKey: apiIdempotencyKeyInput,
  clerkId: z.string(),
  date: z.string(),
  reason: staffReasonInput,
});
