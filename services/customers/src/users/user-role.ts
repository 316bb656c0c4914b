/** A role a user holds in their own city. */
export type UserRole = 'CUSTOMER' | 'SUPPORT' | 'ADMIN';

const USER_ROLES: readonly string[] = ['CUSTOMER', 'SUPPORT', 'ADMIN'] satisfies UserRole[];

/** Whether a role a session carries is one of a city's user roles (platform roles are not). */
export const isUserRole = (role: string): role is UserRole => USER_ROLES.includes(role);

/** The roles a city's staff hold; a staff member holds one of them. */
export const STAFF_ROLES = ['SUPPORT', 'ADMIN'] as const satisfies readonly UserRole[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

/**
 * A staff member who has not set a password yet: only an invitation lets them in, which the city's ADMIN sends
 * (createStaffUser, resendStaffInvitation), so they are sent no reset link and a reset link of theirs sets nothing.
 */
export const invitationPending = (user: { readonly passwordHash: string | null; readonly roles: readonly string[] }): boolean => user.passwordHash === null && user.roles.some(isStaffRole);
