import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, serviceHouseNumber } from './customer-api';

/** What proves a household's link where its city asks for it (tenant.accountLinking): the house number at Norwalk, the last payment's amount at Norman. */
type LinkProof = { readonly serviceHouseNumber: string } | { readonly lastPaymentAmount: string };

/** Links `accountNumber` to the signed-in resident `me` with `proof`; the account's id. Throws unless the API linked it without a userError. */
export async function link(me: GraphQLTestClient, accountNumber: string, proof: LinkProof): Promise<string> {
  const { linkServiceAccount } = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } | null; userErrors: unknown[] } }>(
    'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } userErrors { code message } } }',
    { input: { accountNumber, ...proof } },
  );
  if (!linkServiceAccount.serviceAccount || linkServiceAccount.userErrors.length > 0) throw new Error(`could not link ${accountNumber}: ${JSON.stringify(linkServiceAccount.userErrors)}`);
  return linkServiceAccount.serviceAccount.id;
}

/**
 * A resident registered at `slug` with `registration` (RegisterInput's fields) who has linked `accountNumber`, by
 * `proof` or else by its house number (Norwalk's way): their signed-in client and the linked account's id.
 */
export async function linkedResident(
  platform: TestPlatform,
  slug: string,
  registration: Record<string, unknown>,
  accountNumber: string,
  proof?: LinkProof,
): Promise<{ readonly customer: GraphQLTestClient; readonly accountId: string }> {
  const client = platform.client.asTenant(slug);
  const { session } = await registerCustomer(client, registration);
  const customer = bearer(client, session);
  const accountId = await link(customer, accountNumber, proof ?? { serviceHouseNumber: await serviceHouseNumber(platform, slug, accountNumber) });
  return { customer, accountId };
}
