import type { GraphQLTestClient } from '@platform/testkit';
import { VIEWER } from './customer-api';

/** What an ADMIN does to a staff member in the console: make them SUPPORT or ADMIN, or take their access away. */
export const CHANGE_ROLE = 'mutation Role($input: ChangeStaffRoleInput!) { changeStaffRole(input: $input) { userErrors { code } } }';
export const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';

/** The signed-in user's id. */
export const viewerId = async (client: GraphQLTestClient): Promise<string> => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
