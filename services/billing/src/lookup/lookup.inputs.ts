import { PayableKindEnum } from '@platform/api';
import type { PayableKind } from '@platform/core';
import { Field, InputType } from 'type-graphql';

@InputType('LookupAccountInput')
export class LookupAccountInput {
  @Field({ description: 'As printed on the bill; spaces and dashes do not matter.' }) accountNumber: string;
  @Field(() => String, { nullable: true, description: 'Where the city asks for it (tenant.paymentRules.verificationMode), e.g. "84.20"; "0.00" if never paid.' })
  lastPaymentAmount: string | null;
}

@InputType('LookupPayableInput')
export class LookupPayableInput {
  @Field(() => PayableKindEnum, { defaultValue: 'CITATION' }) kind: PayableKind;
  @Field({ description: "The city's number for it, as printed (citation number, bill number)." }) referenceNumber: string;
}
