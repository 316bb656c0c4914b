import { localDateOf } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import type { Balance } from '../ledger/balance';
import { balanceFromColumns, type BalanceColumns } from '../ledger/ledger.queries';

/*
 * Disconnection is for not paying for the service. A citation or another
 * charge a city files against a utility account (a code violation, a bulk
 * pickup) is owed, shown and paid as any charge, but it never makes the
 * water, sewer and trash service eligible to be cut off, however late or
 * large: the service balance leaves out every ledger entry and pending
 * payment naming a payable of another kind. A payment to the account in
 * general counts toward the service here, whatever older charge the account's
 * own balance has it pay first: of a household's money, what keeps the water
 * on is counted first.
 */
const SERVICE_BALANCE_COLUMNS_SQL = `
  (SELECT coalesce(json_agg(json_build_array(e.kind, e.amount_cents::text, e.effective_date::text, e.due_date::text, e.payable_id)), '[]'::json)
     FROM ledger_entries e
    WHERE e.service_account_id = a.id
      AND NOT EXISTS (SELECT 1 FROM payables p WHERE p.tenant_id = e.tenant_id AND p.id = e.payable_id AND p.kind <> 'UTILITY_BILL')) AS ledger_facts,
  (SELECT coalesce(json_agg(json_build_array(pa.amount_cents::text, pa.payable_id)), '[]'::json)
     FROM payment_allocations pa
    WHERE pa.service_account_id = a.id AND pa.status = 'PENDING'
      AND NOT EXISTS (SELECT 1 FROM payables p WHERE p.tenant_id = pa.tenant_id AND p.id = pa.payable_id AND p.kind <> 'UTILITY_BILL')) AS pending_payments,
  '0' AS awaiting_bank_cents`;

/**
 * Each account's balance for its utility service alone (see above), as of now
 * in the city's calendar, read in the caller's transaction: what the
 * disconnection rules weigh. Every id asked for gets one.
 */
export async function loadServiceBalances(manager: EntityManager, scope: BillingScope, serviceAccountIds: readonly string[]): Promise<Map<string, Balance>> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  if (serviceAccountIds.length === 0) return new Map();
  const rows = await manager.query<(BalanceColumns & { id: string })[]>(`SELECT a.id, ${SERVICE_BALANCE_COLUMNS_SQL} FROM unnest($1::uuid[]) AS a (id)`, [[...new Set(serviceAccountIds)]]);
  const balances = new Map(rows.map((row) => [row.id, balanceFromColumns(row, today)]));
  return new Map(serviceAccountIds.map((id) => [id, balances.get(id)!]));
}
