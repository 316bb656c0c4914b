import { Role, requireTenant, type RequestContext } from '@platform/api';
import { describePaymentTargets } from '@platform/billing';
import { withTenant } from '@platform/db';
import { In } from 'typeorm';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { normaliseConfirmationNumber } from './confirmation-number';
import { makePayment } from './make-payment.service';
import { PaymentLineEntity } from './payment-line.entity';
import { PaymentTransitionEntity } from './payment-transition.entity';
import { PaymentEntity } from './payment.entity';
import { MakePaymentInput } from './payments.inputs';
import { toAllocationType, toOperationType, toPaymentType, toPaymentUserErrors, toTransitionType } from './payments.mappers';
import { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import { PaymentOperationEntity } from './payment-operation.entity';
import type { PaymentsSettings } from './payments-settings';
import { MakePaymentPayloadType, PaymentAllocationType, PaymentOperationType, PaymentTransitionType, PaymentType } from './payments.types';
import { isReceiptToken, receiptTokenFor } from './receipt';

/** Paying, and what anyone who may see a payment sees of it. */
@Resolver(() => PaymentType)
export class PaymentResolver {
  constructor(private readonly settings: PaymentsSettings & { readonly receiptSecret: Uint8Array }) {}

  @Mutation(() => MakePaymentPayloadType, { description: 'Pays one or more accounts or payables. Guests and customers. Idempotent by idempotencyKey.' })
  async makePayment(@Arg('input', () => MakePaymentInput) input: MakePaymentInput, @Ctx() ctx: RequestContext): Promise<MakePaymentPayloadType> {
    const attempt = await makePayment(requireTenant(ctx), this.settings, input);
    const { payment } = attempt;
    return {
      payment: payment ? toPaymentType(payment) : null,
      receiptToken: payment && !payment.payerUserId ? receiptTokenFor(this.settings.receiptSecret, payment) : null,
      userErrors: toPaymentUserErrors(attempt.userErrors),
    };
  }

  @Query(() => PaymentType, { nullable: true, description: "A guest's payment, by its confirmation number and the receipt token makePayment returned." })
  async paymentByConfirmation(
    @Arg('confirmationNumber') confirmationNumber: string,
    @Arg('receiptToken') receiptToken: string,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentType | null> {
    const number = normaliseConfirmationNumber(confirmationNumber);
    if (!number) return null;
    const payment = await withTenant(requireTenant(ctx), (manager) => manager.getRepository(PaymentEntity).findOneBy({ confirmationNumber: number }));
    return payment && isReceiptToken(this.settings.receiptSecret, payment, receiptToken) ? toPaymentType(payment) : null;
  }

  @FieldResolver(() => [PaymentAllocationType])
  async allocations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentAllocationType[]> {
    return withTenant(requireTenant(ctx), async (manager) => {
      const lines = await manager.getRepository(PaymentLineEntity).find({ where: { paymentId: payment.id }, order: { lineNo: 'ASC' } });
      const targets = await describePaymentTargets(manager, lines);
      return lines.map((line, i) => toAllocationType(line, targets[i]!));
    });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [PaymentOperationType], { description: 'Staff: the refunds and voids asked of this payment, oldest first, each with its own status and history.' })
  async operations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentOperationType[]> {
    return withTenant(requireTenant(ctx), async (manager) => {
      const operations = await manager.getRepository(PaymentOperationEntity).find({ where: { paymentId: payment.id }, order: { seq: 'ASC' } });
      const history = operations.length === 0 ? [] : await manager.getRepository(PaymentOperationTransitionEntity).find({ where: { operationId: In(operations.map((o) => o.id)) }, order: { seq: 'ASC' } });
      return operations.map((operation) => toOperationType(operation, history.filter((t) => t.operationId === operation.id)));
    });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [PaymentTransitionType], { description: 'Staff: every status the payment has had, oldest first.' })
  async history(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentTransitionType[]> {
    const rows = await withTenant(requireTenant(ctx), (manager) => manager.getRepository(PaymentTransitionEntity).find({ where: { paymentId: payment.id }, order: { seq: 'ASC' } }));
    return rows.map(toTransitionType);
  }
}
