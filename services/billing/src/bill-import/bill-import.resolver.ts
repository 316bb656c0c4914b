import { Role, actorOf, requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { ImportBillsCsvInput, ImportBillsInput } from './bill-import.inputs';
import { billInputsToRows, toImportPayload } from './bill-import.mappers';
import { importBillRows, importBillsCsv } from './bill-import.service';
import { ImportBillsPayloadType } from './bill-import.types';

/** City staff: bills from the city's billing system. */
@Resolver()
export class BillImportResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ImportBillsPayloadType, {
    description:
      'Staff: imports bills, all or nothing, idempotent by bill number. At most 10,000 per request, in a request body within the gateway limit (MAX_REQUEST_BYTES, 5 MB by default: 10,000 bills with every field filled fit; a larger body gets HTTP 413); dryRun checks without writing.',
  })
  async importBills(@Arg('input', () => ImportBillsInput) input: ImportBillsInput, @Ctx() ctx: RequestContext): Promise<ImportBillsPayloadType> {
    const result = await importBillRows(requireTenant(ctx), billInputsToRows(input.bills), { source: 'API', actor: actorOf(ctx), at: ['input', 'bills'], dryRun: input.dryRun });
    return toImportPayload(result, 'input', input.dryRun);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ImportBillsPayloadType, {
    description:
      'Staff: importBills from CSV text; row errors give the CSV line and column. At most 10,000 rows, in a request body within the gateway limit (MAX_REQUEST_BYTES, 5 MB by default; a larger body gets HTTP 413); dryRun checks without writing.',
  })
  async importBillsCsv(@Arg('input', () => ImportBillsCsvInput) input: ImportBillsCsvInput, @Ctx() ctx: RequestContext): Promise<ImportBillsPayloadType> {
    return toImportPayload(await importBillsCsv(requireTenant(ctx), input.csv, actorOf(ctx), input.dryRun), 'csv', input.dryRun);
  }
}
