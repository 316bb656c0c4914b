import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import { PaymentOperationEntity } from './payment-operation.entity';

export interface OperationWithHistory {
  readonly operation: PaymentOperationEntity;
  readonly history: readonly PaymentOperationTransitionEntity[];
}

/** Each payment's refunds and voids, oldest first, with their histories: two statements per batch of payments. */
export const paymentOperationsLoader: LoaderFactory<string, readonly OperationWithHistory[]> = (ctx) =>
  new DataLoader(async (paymentIds) =>
    withTenant(requireTenant(ctx), async (manager) => {
      const operations = await manager.getRepository(PaymentOperationEntity).find({ where: { paymentId: In([...paymentIds]) }, order: { seq: 'ASC' } });
      const history =
        operations.length === 0 ? [] : await manager.getRepository(PaymentOperationTransitionEntity).find({ where: { operationId: In(operations.map((o) => o.id)) }, order: { seq: 'ASC' } });
      const withHistory = operations.map((operation) => ({ operation, history: history.filter((t) => t.operationId === operation.id) }));
      return paymentIds.map((id) => withHistory.filter((o) => o.operation.paymentId === id));
    }),
  );
