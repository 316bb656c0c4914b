import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import type { PaymentShape } from './payments-api';

/*
 * What staff and the payer see of money given back, whoever gave it: a refund made in the processor's own dashboard
 * is recorded with the processor as its actor, beside the refunds staff made here.
 */

const PAYMENT_OPERATIONS = `query P($id: UUID!) { payment(id: $id) {
  status refunded { amount } refundable
  history { toStatus actor reasonLabel }
  operations { kind status amount { amount } actor reason }
} }`;
export interface PaymentOperations {
  status: string;
  refunded: { amount: string };
  refundable: boolean;
  history: { toStatus: string; actor: string; reasonLabel: string }[];
  operations: { kind: string; status: string; amount: { amount: string }; actor: string; reason: string }[];
}

export const paymentOperations = async (staff: GraphQLTestClient, paymentId: string) => (await staff.data<{ payment: PaymentOperations }>(PAYMENT_OPERATIONS, { id: paymentId })).payment;

/** Each refund or void as [who made it, dollars]: 'processor' for the dashboard's, 'staff' for the console's. */
export const operationsByWhom = (payment: PaymentOperations) => payment.operations.map((o) => [o.actor === 'processor' ? 'processor' : 'staff', o.amount.amount]);

/** What the payer's refund notices say went back, as the emails print it ("$10.00"). */
export const refundNotices = async (platform: TestPlatform, payment: PaymentShape) =>
  (
    await tenantRows<{ data: { refundedAmount: string } }>(platform, 'norwalk', `SELECT data FROM notification_outbox WHERE template = 'PAYMENT_REFUNDED' AND data->>'confirmationNumber' = $1`, [
      payment.confirmationNumber,
    ])
  ).map((row) => row.data.refundedAmount);
