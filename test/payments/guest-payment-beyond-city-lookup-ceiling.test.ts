import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOOKUP } from '../billing/billing-api';
import { cardToken, newKey, MAKE_PAYMENT } from './payments-api';

/*
 * Successful guest look-ups are limited per address (30 an hour) and per city (300 a minute). The city's ceiling is
 * shared by everyone, so anyone with enough addresses spends it (at Norwalk the number alone proves an account, and
 * account numbers are printed on every bill; a free /48 of IPv6 is 65,536 of the /64s the limits count by). A
 * payment's own proof is not under it: strangers' look-ups must never stop a resident paying their bill.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const from = (address: string) => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });

it('lets a resident pay their bill after strangers spent the city-wide look-up ceiling', async () => {
  // Ten addresses, thirty look-ups each (within each address's own limit), of any account.
  await Promise.all(
    Array.from({ length: 10 }, async (_, a) => {
      const stranger = from(`2001:db8:${a + 1}::1`);
      for (let i = 0; i < 30; i++) {
        const seen = await stranger.data<{ lookupAccount: { account: unknown } }>(LOOKUP, { input: { accountNumber: '10-1001-00' } });
        expect(seen.lookupAccount.account).not.toBeNull();
      }
    }),
  );

  // Maria Lopez, at home, who has looked nothing up today, pays her bill.
  const paid = await from('198.51.100.200').request<{ makePayment: { payment: { status: string } | null } }>(MAKE_PAYMENT, {
    input: { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '88.05' }], token: await cardToken(platform), payerEmail: 'maria@example.com' },
  });
  expect(paid.errors?.map((e) => e.extensions?.code)).toBeUndefined();
  expect(paid.data?.makePayment.payment?.status).toBe('CAPTURED');
}, 60_000);
