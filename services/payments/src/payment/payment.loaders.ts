import { requireTenant, type LoaderFactory } from '@platform/api';
import { describePaymentTargets, restorationsPaidBy, type PaymentRestoration, type PaymentTarget } from '@platform/billing';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { PaymentLineEntity } from './payment-line.entity';
import type { PaymentTransitionEntity } from './payment-transition.entity';
import type { PaymentEntity } from './payment.entity';
import { linesOfPayments, paymentsById, transitionsOfPayments } from './payment.queries';

/*
 * Per-request loaders keyed by payment id: a page of payments costs the same
 * few statements for its allocations (or history) however many it holds.
 */

/** A payment of the request's city by id; null when it is not one. */
export const paymentByIdLoader: LoaderFactory<string, PaymentEntity | null> = (ctx) =>
  new DataLoader(async (ids) => {
    const found = await withTenant(requireTenant(ctx), (manager) => paymentsById(manager, ids));
    return ids.map((id) => found.get(id) ?? null);
  });

/** What a payment line paid, as a person recognises it. */
export interface PaymentAllocation {
  readonly line: PaymentLineEntity;
  readonly target: PaymentTarget;
}

/** Each payment's allocations, in line order: three statements per batch. */
export const paymentAllocationsLoader: LoaderFactory<string, readonly PaymentAllocation[]> = (ctx) =>
  new DataLoader(async (paymentIds) =>
    withTenant(requireTenant(ctx), async (manager) => {
      const lines = await linesOfPayments(manager, paymentIds);
      const targets = await describePaymentTargets(manager, lines);
      const allocations = lines.map((line, i) => ({ line, target: targets[i]! }));
      return paymentIds.map((id) => allocations.filter((a) => a.line.paymentId === id));
    }),
  );

/** Each payment's transitions, oldest first: one statement per batch. */
export const paymentHistoryLoader: LoaderFactory<string, readonly PaymentTransitionEntity[]> = (ctx) =>
  new DataLoader(async (paymentIds) => {
    const transitions = await withTenant(requireTenant(ctx), (manager) => transitionsOfPayments(manager, paymentIds));
    return paymentIds.map((id) => transitions.filter((t) => t.paymentId === id));
  });

/** Each payment's accounts that were disconnected when it was made, with where their restoration stands: one statement per batch. */
export const paymentRestorationsLoader: LoaderFactory<string, readonly PaymentRestoration[]> = (ctx) =>
  new DataLoader(async (paymentIds) => {
    const restorations = await withTenant(requireTenant(ctx), (manager) => restorationsPaidBy(manager, paymentIds));
    return paymentIds.map((id) => restorations.filter((r) => r.paymentId === id));
  });
