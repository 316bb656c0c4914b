import { Role, UUIDScalar, requireTenant, type RequestContext, type TenantContext } from '@platform/api';
import { translate, UserErrorCode } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import { recordAdjustment } from './adjustment.service';
import { importBills } from './bill-import.service';
import { readBillCsv } from './bill-csv';
import { AccountAdjustmentInput, ImportBillsCsvInput, ImportBillsInput, OpenServiceAccountInput } from './billing.inputs';
import { billInputsToRows, toImportPayload, toLedgerEntryType, toServiceAccountPayload, toUserError } from './billing.mappers';
import { ImportBillsPayloadType, LedgerEntryPayloadType, ServiceAccountPayloadType } from './billing.types';
import { approveRestoration, closeServiceAccount, markDisconnected } from './disconnection.service';
import { openServiceAccount } from './service-account.service';

/** The most rows one GraphQL import takes; larger files go through the CLI (`pnpm cli billing:import`). */
export const MAX_ROWS_PER_REQUEST = 10_000;

/** City staff: accounts, bill imports, disconnection and restoration, ledger adjustments. */
@Resolver()
export class StaffBillingResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, { description: "Staff: adds an account as the city's billing system numbers it." })
  async openServiceAccount(@Arg('input', () => OpenServiceAccountInput) input: OpenServiceAccountInput, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await openServiceAccount(requireTenant(ctx), input, actorOf(ctx)));
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ImportBillsPayloadType, { description: 'Staff: imports bills, all or nothing, idempotent by bill number. At most 10,000 per request.' })
  async importBills(@Arg('input', () => ImportBillsInput) input: ImportBillsInput, @Ctx() ctx: RequestContext): Promise<ImportBillsPayloadType> {
    const tenantCtx = requireTenant(ctx);
    if (input.bills.length > MAX_ROWS_PER_REQUEST) return tooMany(tenantCtx, ['input', 'bills']);
    return toImportPayload(await importBills(tenantCtx, billInputsToRows(input.bills), { source: 'API', actor: actorOf(ctx), payableKinds: await payableKinds(tenantCtx) }), 'input');
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ImportBillsPayloadType, { description: 'Staff: importBills from CSV text; row errors give the CSV line and column.' })
  async importBillsCsv(@Arg('input', () => ImportBillsCsvInput) input: ImportBillsCsvInput, @Ctx() ctx: RequestContext): Promise<ImportBillsPayloadType> {
    const tenantCtx = requireTenant(ctx);
    const rows = readBillCsv(input.csv);
    if (!rows.ok) {
      const message = translate(ctx.locale, 'billing.malformedCsv', { line: rows.line, detail: rows.detail });
      return { ...emptyImport(), userErrors: [{ field: ['input', 'csv'], code: UserErrorCode.MALFORMED_CSV, message }] };
    }
    if (rows.rows.length > MAX_ROWS_PER_REQUEST) return tooMany(tenantCtx, ['input', 'csv']);
    return toImportPayload(await importBills(tenantCtx, rows.rows, { source: 'CSV', actor: actorOf(ctx), payableKinds: await payableKinds(tenantCtx) }), 'csv');
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, { description: 'Staff: records that field crews disconnected an account that was DISCONNECT_ELIGIBLE.' })
  async markAccountDisconnected(@Arg('serviceAccountId', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await markDisconnected(requireTenant(ctx), id, actorOf(ctx)));
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, { description: 'Staff: approves a RESTORATION_PENDING account once its payment has posted.' })
  async approveRestoration(@Arg('serviceAccountId', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await approveRestoration(requireTenant(ctx), id, actorOf(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, { description: 'ADMIN: closes an account.' })
  async closeServiceAccount(@Arg('serviceAccountId', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await closeServiceAccount(requireTenant(ctx), id, actorOf(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => LedgerEntryPayloadType, { description: 'ADMIN: charges a fee or corrects an account, with a reason. Idempotent by key.' })
  async recordAccountAdjustment(@Arg('input', () => AccountAdjustmentInput) input: AccountAdjustmentInput, @Ctx() ctx: RequestContext): Promise<LedgerEntryPayloadType> {
    const result = await recordAdjustment(requireTenant(ctx), input, actorOf(ctx));
    return result.ok ? { entry: toLedgerEntryType(result.value), userErrors: [] } : { entry: null, userErrors: result.userErrors.map(toUserError) };
  }
}

async function payableKinds(ctx: TenantContext) {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return tenant.settings.paymentRules.payableKinds;
}

const emptyImport = (): ImportBillsPayloadType => ({ received: 0, imported: 0, alreadyImported: 0, rowErrors: [], rowErrorCount: 0, userErrors: [] });

function tooMany(ctx: TenantContext, field: string[]): ImportBillsPayloadType {
  const message = translate(ctx.locale, 'billing.tooManyRows', { max: MAX_ROWS_PER_REQUEST });
  return { ...emptyImport(), userErrors: [{ field, code: UserErrorCode.TOO_MANY_ROWS, message }] };
}
