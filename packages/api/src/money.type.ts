import { formatMoney, toDecimalString, type Money } from '@platform/core';
import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from './context';

/** An exact amount: never a float on the wire. */
@ObjectType('Money', { description: 'An exact amount of money.' })
export class MoneyType {
  constructor(value: Money) {
    this.value = value;
  }

  readonly value: Money;

  @Field({ description: 'Exact decimal string in major units, e.g. "1234.50".' })
  get amount(): string {
    return toDecimalString(this.value);
  }

  @Field({ description: 'Amount in minor units (cents), as a string because it may exceed 32 bits.' })
  get cents(): string {
    return this.value.cents.toString();
  }

  @Field({ description: 'ISO 4217 currency code.' })
  get currency(): string {
    return this.value.currency;
  }
}

@Resolver(() => MoneyType)
export class MoneyResolver {
  @FieldResolver(() => String, { description: 'The amount written for the request\'s language, e.g. "$1,234.50".' })
  formatted(@Root() money: MoneyType, @Ctx() ctx: RequestContext): string {
    return formatMoney(money.value, ctx.locale);
  }
}
