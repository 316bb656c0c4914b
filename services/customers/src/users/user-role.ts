/** A role a user holds in their own city. */
export type UserRole = 'CUSTOMER' | 'SUPPORT' | 'ADMIN';

const USER_ROLES: readonly string[] = ['CUSTOMER', 'SUPPORT', 'ADMIN'] satisfies UserRole[];

/** Whether a role a session carries is one of a city's user roles (platform roles are not). */
export const isUserRole = (role: string): role is UserRole => USER_ROLES.includes(role);
