import { createHttpProcessor } from '@platform/processor';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay, platformWithDemoResident } from './payments-api';

/*
 * Staff remove a resident's saved card in the processor's own dashboard (it no longer holds it). Paying with it from
 * the wallet, the processor refuses the charge: no such method. The resident was told "The payment could not be
 * processed" (PROCESSING_ERROR), as if trying again might work, and the wallet went on offering the card. Now the
 * answer is METHOD_NOT_FOUND, saying the card is no longer saved with the processor and was taken out of the wallet,
 * in her language; nothing is left pending, and the wallet no longer offers it.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithDemoResident({ clock }, 'dashboard-deleted@example.com');

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }';

it('answers METHOD_NOT_FOUND for a saved card the processor no longer holds, and drops it from the wallet', async () => {
  const cardId = (await env.me.data<{ savePaymentMethod: { paymentMethod: { id: string } } }>(SAVE, { token: await cardToken(env.platform) })).savePaymentMethod.paymentMethod.id;
  const [saved] = await tenantRows<{ processor_profile_id: string; processor_method_id: string }>(
    env.platform,
    'norwalk',
    'SELECT processor_profile_id, processor_method_id FROM saved_payment_methods WHERE id = $1',
    [cardId],
  );
  const dashboard = createHttpProcessor({ baseUrl: env.platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 });
  expect(await dashboard.deleteMethod({ profileId: saved!.processor_profile_id, methodId: saved!.processor_method_id })).toMatchObject({ outcome: 'OK' });

  const refused = await pay(env.me.withHeaders({ 'accept-language': 'es' }), { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: cardId });
  expect(refused).toMatchObject({
    payment: { status: 'FAILED' },
    userErrors: [
      {
        field: ['input', 'savedMethodId'],
        code: 'METHOD_NOT_FOUND',
        message: 'El procesador de pagos ya no guarda este método: no se cobró nada y se quitó de sus métodos guardados. Use otro método.',
      },
    ],
  });
  expect(await tenantRows(env.platform, 'norwalk', "SELECT id FROM payments WHERE status IN ('PENDING', 'UNKNOWN')")).toEqual([]);
  expect((await env.me.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }')).paymentMethods).toEqual([]);
});
