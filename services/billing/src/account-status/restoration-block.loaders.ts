import { actorOf, requireTenant, type LoaderFactory, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { balanceLoader } from '../ledger/ledger.loaders';
import { paymentsTakenBy } from './payments-taken-by';
import { restorationBlockedBy, type RestorationBlock } from './restoration-rules';

/** Whether the request's own staff member took a payment onto each account, or credited it, that its restoration relies on. */
const takenByViewerLoader: LoaderFactory<string, boolean> = (ctx) =>
  new DataLoader(async (ids) => {
    const tenantCtx = requireTenant(ctx);
    const actor = actorOf(ctx);
    return withTenant(tenantCtx, async (manager) => {
      const taken: boolean[] = [];
      for (const id of ids) taken.push(await paymentsTakenBy(manager, id, actor));
      return taken;
    });
  });

/**
 * What keeps the staff member asking from approving the account's open
 * restoration request now, by approveRestoration's own test (the balance's
 * blocks, then the four-eyes rule for this actor); null when the mutation
 * would take it from them. For staff pages to offer Approve exactly then: the
 * clerk who took the cash is told another staff member approves, not offered
 * a button the API refuses. Four eyes is asked only once the balance allows.
 */
export async function restorationBlockFor(ctx: RequestContext, serviceAccountId: string): Promise<RestorationBlock | null> {
  const blocked = restorationBlockedBy(await ctx.loaders.get(balanceLoader).load(serviceAccountId));
  if (blocked) return blocked;
  return (await ctx.loaders.get(takenByViewerLoader).load(serviceAccountId)) ? 'SECOND_STAFF' : null;
}
