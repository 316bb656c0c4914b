import type { UserRole } from '../users/user-role';

export interface DemoStaffUser {
  readonly tenant: string;
  readonly email: string;
  /** For cities that sign in by username (Norman). */
  readonly username: string | null;
  readonly name: string;
  readonly role: Extract<UserRole, 'SUPPORT' | 'ADMIN'>;
}

/**
 * Demo sign-ins for the staff console, printed by `pnpm start`, so this
 * password is no secret. Demo data is seeded only outside production
 * (DEMO_DATA), and a production gateway takes away, as it starts, every
 * sign-in this password still opens in a database seeded before
 * (retirePublishedDemoSignIns): it opens nothing but a development database.
 */
export const DEMO_STAFF_PASSWORD = 'demo-console-2026';

export const DEMO_STAFF: readonly DemoStaffUser[] = [
  { tenant: 'norwalk', email: 'support@norwalk.example', username: null, name: 'Sofia Support', role: 'SUPPORT' },
  { tenant: 'norwalk', email: 'admin@norwalk.example', username: null, name: 'Adam Admin', role: 'ADMIN' },
  { tenant: 'norman', email: 'support@norman.example', username: 'norman_support', name: 'Sally Support', role: 'SUPPORT' },
  { tenant: 'norman', email: 'admin@norman.example', username: 'norman_admin', name: 'Arthur Admin', role: 'ADMIN' },
];

/** What a demo staff user types to sign in: the city's identifier. */
export const demoSignIn = (user: DemoStaffUser): string => user.username ?? user.email;
