import type { GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount } from '../billing/billing-api';
import { newKey } from './payments-api';

/* Money taken at Norman's counter, as the counter drawer's tests take it. */

type Problem = { field: string[]; code: string; message: string };
export const RECORD_AT_COUNTER = `mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id } userErrors { field code message } } }`;

/** A fresh Norman account numbered `number`, owing $500.00 on one bill; its id. */
export async function normanAccountOwing(admin: GraphQLTestClient, number: string): Promise<string> {
  const account = await openAccount(admin, { accountNumber: number, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, `C-${number}-1,${number},2026-11-20,2026-12-20,500.00,0.00,`].join('\n'));
  return account.id;
}

/** Cash paying `amount` to the account, the exact sum handed over, under a fresh key. */
export const cashAtCounter = (serviceAccountId: string, amount: string) => ({
  idempotencyKey: newKey('cash'),
  allocations: [{ serviceAccountId, amount }],
  method: 'CASH',
  receivedBy: 'Pat Clerk',
  cashReceived: amount,
});

/** recordCounterPayment's answer: the payment's id, or why not. */
export const recordAtCounter = async (client: GraphQLTestClient, input: Record<string, unknown>) =>
  (await client.data<{ recordCounterPayment: { payment: { id: string } | null; userErrors: Problem[] } }>(RECORD_AT_COUNTER, { input })).recordCounterPayment;
