import { requireTenant, type LoaderFactory, type RequestContext } from '@platform/api';
import { isUuid } from '@platform/core';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { UserEntity } from './user.entity';
import { usersById } from './user.queries';

/** Users of the request's city by id, in one statement per request. */
export const userByIdLoader: LoaderFactory<string, UserEntity | null> = (ctx) =>
  new DataLoader(async (userIds) => {
    const users = await withTenant(requireTenant(ctx), (manager) => usersById(manager, userIds));
    return userIds.map((id) => users.get(id) ?? null);
  });

/** A staff member as another reads them where their work is shown (who asked for a refund): name and email, or null for an unknown id. */
export interface StaffPerson {
  readonly id: string;
  /** Their name, else their username; null when they have neither. */
  readonly name: string | null;
  readonly email: string | null;
}

/** The user as StaffPerson, through the request's userByIdLoader (one statement for every person a request shows). */
export async function staffPerson(ctx: RequestContext, userId: string): Promise<StaffPerson | null> {
  const user = isUuid(userId) ? await ctx.loaders.get(userByIdLoader).load(userId) : null;
  return user && { id: user.id, name: user.fullName ?? user.username, email: user.email };
}
