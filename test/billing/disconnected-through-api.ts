import type { TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { demoStaffClient } from '../customers/demo-staff';
import { MARK_DISCONNECTED } from './billing-api';

/** A past-due demo account made eligible by the disconnection sweep and marked disconnected by the city's demo ADMIN; its id. */
export async function disconnectedThroughApi(platform: TestPlatform, slug: string, accountNumber: string): Promise<string> {
  const admin = await demoStaffClient(platform, slug, 'ADMIN');
  await admin.data('mutation { runDisconnectionSweep { markedEligible } }');
  const [account] = await tenantRows<{ id: string }>(platform, slug, 'SELECT id FROM service_accounts WHERE account_number = $1', [accountNumber]);
  if (!account) throw new Error(`${slug} has no account ${accountNumber}`);
  const { markAccountDisconnected } = await admin.data<{ markAccountDisconnected: { userErrors: unknown[] } }>(MARK_DISCONNECTED, { id: account.id });
  expect(markAccountDisconnected.userErrors).toEqual([]);
  return account.id;
}
