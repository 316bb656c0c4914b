import { MoneyType } from '@platform/api';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CALL_STEPS, type CallStep } from './call-state';

const PhoneCallStepEnum = Object.fromEntries(CALL_STEPS.map((s) => [s, s])) as { [K in CallStep]: K };
registerEnumType(PhoneCallStepEnum, {
  name: 'PhoneCallStep',
  description:
    'Where a pay-by-phone call was: LANGUAGE, ACCOUNT (number), LAST_PAYMENT (second factor), AMOUNT_MENU, OTHER_AMOUNT, METHOD (card or bank account, where the city takes e-checks), CARD (keying the card), BANK (keying the bank account), CARD_FAILED (the card or bank account not taken), CONFIRM, PAYING (holding while the processor answers), DECLINED, RECEIPT, DONE.',
});

@ObjectType('PhoneCallStepCount')
export class PhoneCallStepCountType {
  @Field(() => PhoneCallStepEnum) step: CallStep;
  @Field(() => Int) calls: number;
}

@ObjectType('PhoneCallSummary', { description: "Calls to the city's pay-by-phone line that started in a period, by how they ended." })
export class PhoneCallSummaryType {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => Int) calls: number;
  @Field(() => Int, { description: 'Calls that made a payment (accepted or being confirmed), and whose payment has not been declined, voided or refunded in full since.' }) paid: number;
  @Field(() => MoneyType, { description: 'What those payments charged, less what partial refunds gave back of them.' }) amountPaid: MoneyType;
  @Field(() => Int, {
    description:
      'Calls whose payment, told to the caller as accepted or being confirmed, did not go through after all (declined once confirmed, or failed) or was voided, refunded in full or returned since. Not counted in paid.',
  })
  paymentsNotKept: number;
  @Field(() => Int, { description: 'Calls sent to customer service.' }) transferred: number;
  @Field(() => Int, { description: 'Calls ended after three failed account look-ups (or the look-up limits).' }) verificationFailed: number;
  @Field(() => Int, { description: 'Calls the caller ended at a menu without paying.' }) ended: number;
  @Field(() => Int, { description: 'Calls hung up or timed out part-way.' }) abandoned: number;
  @Field(() => Int, { description: 'Calls still going.' }) inProgress: number;
  @Field(() => Int, {
    description:
      'Calls whose caller was told no card could be taken now (the processor or its pay connector failing, or the provider’s <Pay> failing), and was put through to customer service or told its hours; also counted in transferred or ended.',
  })
  cardsUnavailable: number;
  @Field(() => [PhoneCallStepCountType], { description: 'Abandoned calls by the step they were at, most first.' }) abandonedAt: PhoneCallStepCountType[];
}
