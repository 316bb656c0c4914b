import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { latestDisputes, type RecordedDispute } from './dispute.queries';

/** Each payment's latest dispute, null for one never disputed: one statement per batch. */
export const paymentDisputeLoader: LoaderFactory<string, RecordedDispute | null> = (ctx) =>
  new DataLoader(async (paymentIds) => {
    const found = await withTenant(requireTenant(ctx), (manager) => latestDisputes(manager, paymentIds), { readOnly: true });
    return paymentIds.map((id) => found.get(id) ?? null);
  });
