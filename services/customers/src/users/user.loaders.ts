import { requireTenant, type LoaderFactory } from '@platform/api';
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
