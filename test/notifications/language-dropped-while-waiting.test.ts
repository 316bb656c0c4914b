import { FixedClock } from '@platform/testkit';
import { changeCitySettings } from '../tenants/city-settings';
import { platformWithMailCatcher } from './notification-api';
import { CARDS, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * A Spanish-speaking guest pays at Norwalk; the receipt waits in the outbox
 * (the relay is down, or a retry is not yet due). Meanwhile the operator
 * takes Spanish off Norwalk's languages. The receipt goes out in Spanish,
 * the language it was queued in: the facts the payments service wrote in it
 * when it queued them are Spanish, and the frame (subject, labels, footer)
 * was English around them, one email in two languages.
 */

// 10:00 in Norwalk on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher({ clock });

it('a receipt queued in Spanish, delivered after the city dropped Spanish, is in one language', async () => {
  const paid = await pay(env.platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' }), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1002-00', amount: '313.00' }],
    token: await cardToken(env.platform, CARDS.visa),
    payerEmail: 'lengua@example.com',
  });
  expect(paid.userErrors).toEqual([]);

  await changeCitySettings(env.platform, 'norwalk', { locales: ['EN'], defaultLocale: 'EN' });

  const [receipt] = await env.deliveredTo('lengua@example.com');
  expect(receipt).toBeDefined();
  // In the language it was queued in, Spanish, frame and facts alike.
  expect({ subject: receipt!.subject.startsWith('Recibo de pago'), appliedTo: /^(Applied to|Aplicado a): .*$/m.exec(receipt!.text)?.[0] }).toEqual({
    subject: true,
    appliedTo: 'Aplicado a: Cuenta terminada en 0 2 0 0: $313.00',
  });
});
