import type { RequestContext } from '@platform/api';
import { PaymentRestorationType } from '@platform/billing';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { paymentRestorationsLoader } from './payment.loaders';
import { PaymentType } from './payment.types';

/**
 * A payment that paid a disconnected account says where that account's
 * restoration stands, to whoever may read the payment: a guest by its
 * receipt token follows the request from the receipt without proving the
 * account again (a second factor such as Norman's last payment amount
 * changes once this very payment posts, and each failed proof counts
 * against the account's guest look-ups).
 */
@Resolver(() => PaymentType)
export class PaymentRestorationResolver {
  @FieldResolver(() => [PaymentRestorationType], {
    description: 'The accounts it paid that were disconnected when it was made (none closed since), and where each restoration stands now; empty for any other payment.',
  })
  async restorations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentRestorationType[]> {
    return (await ctx.loaders.get(paymentRestorationsLoader).load(payment.id)).map(({ maskedAccountNumber, progress }) => ({ maskedAccountNumber, progress }));
  }
}
