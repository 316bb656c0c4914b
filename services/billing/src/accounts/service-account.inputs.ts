import { Field, InputType } from 'type-graphql';

@InputType('OpenServiceAccountInput')
export class OpenServiceAccountInput {
  @Field() accountNumber: string;
  @Field() customerName: string;
  @Field() addressLine1: string;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; defaults to today in the city.' }) openedOn: string | null;
}
