import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { linkedResident } from '../customers/linked-resident';
import { BILL_HEADER, importCsv, openAccount } from './billing-api';

/** A resident to register and link to an account, in their language. */
export type Resident = {
  readonly email: string;
  readonly locale: 'EN' | 'ES';
};

/**
 * A Norwalk account at `house` Imperial Hwy owing October's $60.00 (due 2026-10-22: past due beyond the city's 30 days
 * and $50.00 from 2026-11-23) and November's $40.00 (due 2026-12-06), linked by each of `residents`: its id, and each
 * resident's signed-in client, in order.
 */
export async function owingAccount(
  platform: TestPlatform,
  admin: GraphQLTestClient,
  accountNumber: string,
  house: string,
  residents: readonly Resident[],
): Promise<{ readonly accountId: string; readonly customers: readonly GraphQLTestClient[] }> {
  await openAccount(admin, { accountNumber, addressLine1: `${house} Imperial Hwy` });
  const bills = [`${accountNumber}-OCT,${accountNumber},2026-10-01,2026-10-22,40.00,15.00,5.00`, `${accountNumber}-NOV,${accountNumber},2026-11-15,2026-12-06,25.00,10.00,5.00`];
  expect((await importCsv(admin, [BILL_HEADER, ...bills].join('\n'))).imported).toBe(2);
  let accountId = '';
  const customers: GraphQLTestClient[] = [];
  for (const resident of residents) {
    const linked = await linkedResident(platform, 'norwalk', resident, accountNumber, { serviceHouseNumber: house });
    accountId = linked.accountId;
    customers.push(linked.customer);
  }
  return { accountId, customers };
}
