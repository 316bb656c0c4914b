import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { bearer, signIn } from './customer-api';

/** The city's demo staff member of `role`, signed in through the API now (on the platform's clock): the test's own client, not a page's. */
export async function demoStaffClient(platform: TestPlatform, slug: string, role: 'ADMIN' | 'SUPPORT'): Promise<GraphQLTestClient> {
  const user = DEMO_STAFF.find((staff) => staff.tenant === slug && staff.role === role);
  if (!user) throw new Error(`${slug} has no demo ${role}`);
  const client = platform.client.asTenant(slug);
  const login = await signIn(client, demoSignIn(user), DEMO_STAFF_PASSWORD);
  if (!login.session) throw new Error(`demo ${role} of ${slug} could not sign in: ${JSON.stringify(login.userErrors)}`);
  return bearer(client, login.session);
}
