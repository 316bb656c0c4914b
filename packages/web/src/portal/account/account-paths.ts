/* Which paths are the registered residents' pages: here apart, so the guest's first page loads without them. */

/** Pages anyone may open (signing in, registering, resetting a password). */
export const OPEN_PATHS: readonly string[] = ['/sign-in', '/register', '/forgot-password', '/reset-password'];

export function isAccountPath(path: string): boolean {
  return OPEN_PATHS.includes(path) || path === '/account' || path.startsWith('/account/');
}
