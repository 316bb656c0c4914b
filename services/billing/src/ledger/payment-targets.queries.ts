import type { PayableKind } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { ServiceAccountEntity } from '../accounts/service-account.entity';
import { maskAccountNumber } from '../accounts/masking';
import { PayableEntity } from '../payables/payable.entity';

/** What a receipt says a payment line paid: never the full account number. */
export interface PaymentTarget {
  /** e.g. "****-0417". */
  readonly maskedAccountNumber: string;
  /** The payable paid on its own (a citation), by the city's number for it. */
  readonly payable: { readonly kind: PayableKind; readonly referenceNumber: string } | null;
}

/** Describes payment lines for a receipt, in the caller's transaction and the order given; two queries whatever the count. */
export async function describePaymentTargets(manager: EntityManager, lines: readonly { readonly serviceAccountId: string; readonly payableId: string | null }[]): Promise<PaymentTarget[]> {
  const accountIds = [...new Set(lines.map((l) => l.serviceAccountId))];
  const payableIds = [...new Set(lines.flatMap((l) => (l.payableId ? [l.payableId] : [])))];
  const accounts = new Map(
    (accountIds.length === 0 ? [] : await manager.getRepository(ServiceAccountEntity).find({ select: { id: true, accountNumber: true }, where: { id: In(accountIds) } })).map((a) => [a.id, a]),
  );
  const payables = new Map(
    (payableIds.length === 0 ? [] : await manager.getRepository(PayableEntity).find({ select: { id: true, kind: true, referenceNumber: true }, where: { id: In(payableIds) } })).map((p) => [p.id, p]),
  );
  return lines.map((line) => {
    const payable = line.payableId ? payables.get(line.payableId) : undefined;
    return {
      maskedAccountNumber: maskAccountNumber(accounts.get(line.serviceAccountId)?.accountNumber ?? ''),
      payable: payable ? { kind: payable.kind, referenceNumber: payable.referenceNumber } : null,
    };
  });
}
