import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { platformForFile, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { guestPaysFreshBill } from './fresh-bill-payment';
import { REFUND, newKey } from './payments-api';

/*
 * A city's billing office lets its counter clerks (SUPPORT) give money back, within what each may give back in a day:
 * $1,000.00 of refunds, counted on the city's calendar. A refund past it is refused in words that say how much the
 * clerk has left today and that an administrator makes it; the ADMIN has no such limit. A stolen or rogue clerk's
 * sign-in can then not empty a day's takings back onto cards, one refund under the cap after another.
 */
// Noon in Norwalk (America/Los_Angeles) on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const file = platformForFile({ clock });
let clerk: GraphQLTestClient;
let admin: GraphQLTestClient;
beforeAll(async () => {
  [clerk, admin] = [await signInStaff(file.platform, 'norwalk', 'SUPPORT'), await signInStaff(file.platform, 'norwalk', 'ADMIN')];
});

type Payload = { refundPayment: { payment: { refunded: { amount: string } } | null; userErrors: { field: string[]; code: string; message: string }[] } };

/** A guest's $1,200.00 card payment of a fresh account's bill of that much. */
const bigPayment = () => guestPaysFreshBill(file.platform, admin, 'norwalk', '1200.00');

const refund = (staff: GraphQLTestClient, paymentId: string, amount: string, headers: Record<string, string> = {}) =>
  staff.withHeaders(headers).data<Payload>(REFUND, { input: { paymentId, amount, reason: 'billed twice', idempotencyKey: newKey('refund') } });

it("refuses a SUPPORT clerk's refund past $1,000.00 in the city's day, saying what is left and who can, in English and Spanish; the ADMIN makes it", async () => {
  const paymentId = await bigPayment();
  expect((await refund(clerk, paymentId, '600.00')).refundPayment.userErrors).toEqual([]);
  const en = await refund(clerk, paymentId, '500.00');
  const es = await refund(clerk, paymentId, '500.00', { 'accept-language': 'es' });
  expect([en, es].map((answer) => answer.refundPayment.userErrors)).toEqual([
    [{ field: ['input', 'amount'], code: 'REFUND_LIMIT_REACHED', message: 'Support staff may refund up to $1,000.00 a day, and you have $400.00 left today: an administrator must make this refund.' }],
    [
      {
        field: ['input', 'amount'],
        code: 'REFUND_LIMIT_REACHED',
        message: 'El personal de soporte puede reembolsar hasta $1,000.00 al día y hoy le quedan $400.00: este reembolso debe hacerlo un administrador.',
      },
    ],
  ]);
  expect((await refund(clerk, paymentId, '400.00')).refundPayment.userErrors).toEqual([]);
  expect((await refund(admin, paymentId, '200.00')).refundPayment.payment?.refunded.amount).toBe('1200.00');
  const operations = await tenantRows<{ amount: string }>(file.platform, 'norwalk', `SELECT amount_cents::text AS amount FROM payment_operations WHERE payment_id = $1 ORDER BY seq`, [paymentId]);
  expect(operations.map((operation) => operation.amount)).toEqual(['60000', '40000', '20000']);
});

describe("the limit is the city's payment rule, set by the platform operator", () => {
  type Rules = { updateTenant: { tenant: { paymentRules: { supportDailyRefundLimit: { amount: string } } } | null; userErrors: { field: string[]; code: string; message: string }[] } };
  const setLimit = (slug: string, limit: string, language = 'en') =>
    file.platform.operator
      .withHeaders({ 'accept-language': language })
      .data<Rules>(
        'mutation($slug: String!, $limit: String!) { updateTenant(slug: $slug, input: { paymentRules: { supportDailyRefundLimit: $limit } }) { tenant { paymentRules { supportDailyRefundLimit { amount } } } userErrors { field code message } } }',
        { slug, limit },
      );

  it('refuses a negative or fractional-cent limit in English and Spanish at its field, and keeps the one before', async () => {
    const refusals = [await setLimit('norwalk', '-5.00'), await setLimit('norwalk', '10.005', 'es'), await setLimit('norwalk', 'a lot')];
    const at = (message: string) => [{ field: ['input', 'paymentRules', 'supportDailyRefundLimit'], code: 'INVALID_AMOUNT', message }];
    const en = 'Amounts are written in dollars with at most two decimals, like "25" or "2.50", and cannot be negative.';
    const es = 'Los montos se escriben en dólares con dos decimales como máximo, como "25" o "2.50", y no pueden ser negativos.';
    expect(refusals.map((answer) => answer.updateTenant.userErrors)).toEqual([at(en), at(es), at(en)]);
    const tenant = await file.platform.client
      .asTenant('norwalk')
      .data<{ tenant: { paymentRules: { supportDailyRefundLimit: { amount: string } } } }>('{ tenant { paymentRules { supportDailyRefundLimit { amount } } } }');
    expect(tenant.tenant.paymentRules.supportDailyRefundLimit.amount).toBe('1000.00');
  });

  it("holds a clerk to their own city's limit, a city's zero leaving every refund to its ADMIN", async () => {
    const clerkOfNewDay = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
    expect((await setLimit('norwalk', '250.00')).updateTenant.tenant?.paymentRules.supportDailyRefundLimit.amount).toBe('250.00');
    const paymentId = await bigPayment();
    expect((await refund(clerkOfNewDay, paymentId, '300.00')).refundPayment.userErrors).toEqual([
      { field: ['input', 'amount'], code: 'REFUND_LIMIT_REACHED', message: 'Support staff may refund up to $250.00 a day, and you have $250.00 left today: an administrator must make this refund.' },
    ]);
    expect((await refund(clerkOfNewDay, paymentId, '250.00')).refundPayment.userErrors).toEqual([]);
    await setLimit('norwalk', '0');
    const another = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
    expect((await refund(another, paymentId, '0.01')).refundPayment.userErrors.map((error) => error.code)).toEqual(['REFUND_LIMIT_REACHED']);
    expect((await refund(admin, paymentId, '950.00')).refundPayment.payment?.refunded.amount).toBe('1200.00');
    await setLimit('norwalk', '1000.00');
  });
});
