import { requireTenant, type LoaderFactory } from '@platform/api';
import { linkedServiceAccounts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { AutopayEnrollmentEntity } from './autopay-enrollment.entity';

export interface AccountAutopay {
  readonly enrollment: AutopayEnrollmentEntity | null;
  readonly method: SavedMethodSummary | null;
}

/** The enrolments (and their methods) of the accounts a response shows, in one batch per request. */
export const accountAutopayLoader: LoaderFactory<string, AccountAutopay> = (ctx) =>
  new DataLoader(async (accountIds) =>
    withTenant(requireTenant(ctx), async (manager) => {
      const enrollments = await manager.getRepository(AutopayEnrollmentEntity).findBy({ serviceAccountId: In([...accountIds]) });
      const methods = await savedMethodsById(manager, enrollments.map((e) => e.savedMethodId));
      const byAccount = new Map(enrollments.map((e) => [e.serviceAccountId, e]));
      return accountIds.map((id) => {
        const enrollment = byAccount.get(id) ?? null;
        return { enrollment, method: enrollment ? (methods.get(enrollment.savedMethodId) ?? null) : null };
      });
    }),
  );

/** The accounts a customer has linked, once per request. */
export const linkedAccountIdsLoader: LoaderFactory<string, ReadonlySet<string>> = (ctx) =>
  new DataLoader(async (userIds) => Promise.all(userIds.map(async (userId) => new Set((await linkedServiceAccounts(requireTenant(ctx), userId)).map((a) => a.id)))));
