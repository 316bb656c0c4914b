import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { reasonInput } from '../payment/input-checks';

@InputType('LiftBankAccountBlockInput')
export class LiftBankAccountBlockInput {
  @Field(() => UUIDScalar, { description: 'BlockedBankAccount.id, as staff read it.' }) bankAccountId: string;
  @Field({ description: 'Why, for the audit log (a letter from the bank, say): required, at most 500 characters, never a card number.' }) reason: string;
}

/** liftBankAccountBlock's input, checked: the reason trimmed. */
export const liftBlockInput = z.object({ bankAccountId: z.string(), reason: reasonInput });
