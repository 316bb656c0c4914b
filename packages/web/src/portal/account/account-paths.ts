/* Which paths are the registered residents' pages: here apart, so the guest's first page loads without them. */

/** Pages anyone may open (signing in, registering, resetting a password, confirming an email). */
export const OPEN_PATHS: readonly string[] = ['/sign-in', '/register', '/forgot-password', '/reset-password', '/verify-email'];

/** Open pages that stay open when someone is signed in: their link (from an email) may be for someone else. */
export const LINK_PATHS: readonly string[] = ['/reset-password', '/verify-email'];

export function isAccountPath(path: string): boolean {
  return OPEN_PATHS.includes(path) || path === '/account' || path.startsWith('/account/');
}
