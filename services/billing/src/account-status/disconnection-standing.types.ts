import { MoneyType } from '@platform/api';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('DisconnectionStanding', {
  description:
    "What the city's disconnection rules weigh of an account: its utility service alone (citations and other charges aside), with payments not yet posted counted as paid, as the hourly sweep counts them.",
})
export class DisconnectionStandingType {
  @Field(() => MoneyType, { description: 'What of the utility service is past due once pending payments post: paid, it keeps the service on.' })
  servicePastDue: MoneyType;

  @Field(() => Int, { description: 'Days since the oldest part of it fell due; 0 when nothing is.' })
  daysPastDue: number;
}
