import { FixedClock } from '@platform/testkit';
import { CARDS, newCustomer, saveCard, type Customer } from '../autopay/autopay-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, type Page } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES, cityUrl, frameSettled, hostedFields, fillCard } from './web-pages';

/*
 * A refusal said in the server's words is in the language the request was
 * made in: once the page is switched to Spanish, the portal does not keep
 * that English under a Spanish heading. A payment's refusal keeps its box
 * and says in Spanish that the payment was not made and nothing was charged;
 * the wallet's refusal goes, the list read again in Spanish showing what is
 * saved. (Norwalk, in English and Spanish.)
 */
const today = new Date();
const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 20, 18)));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

const visibleAlerts = async (page: Page) => (await page.getByRole('alert').allInnerTexts()).filter((text) => text.trim() !== '');

describe('the wallet', () => {
  let resident: Customer;
  let cardId: string;
  beforeAll(async () => {
    resident = await newCustomer(env.platform, { email: 'wallet.switcher@example.com', accounts: ['10-1001-00'] });
    cardId = await saveCard(env.platform, await resident.client(), CARDS.mastercard, 11, 2031);
  });

  it('drops the server’s English refusal when the page switches to Spanish', async () => {
    const { page } = env.tab;
    await signInResident(env.platform, page, NORWALK, resident.email);
    await openResidentPage(page, 'Saved payment methods');
    // Removed elsewhere (another tab) while this page still lists it: Remove here is refused in the server's words.
    const me = await resident.client();
    const { removePaymentMethod } = await me.data<{ removePaymentMethod: { userErrors: unknown[] } }>('mutation R($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', {
      id: cardId,
    });
    expect(removePaymentMethod.userErrors).toEqual([]);
    await page.getByRole('button', { name: /^Remove Mastercard ending/ }).click();
    await page.getByRole('alert').filter({ hasText: 'That saved payment method was not found.' }).waitFor();

    await switchToSpanish(page);
    await page.getByRole('heading', { level: 1, name: 'Métodos de pago guardados' }).waitFor();
    expect(await visibleAlerts(page)).toEqual([]);
    expect(await page.locator('main').innerText()).not.toContain('not found');
  });
});

describe('a payment', () => {
  it('keeps its refusal box in Spanish, without the server’s English sentence, when the page switches to Spanish', async () => {
    const setConvenienceFee = (convenienceFee: Record<string, unknown>) => changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee } });
    await setConvenienceFee({ kind: 'FLAT', amount: '1.00' });
    try {
      const { page } = env.tab;
      await page.goto(cityUrl(env.platform, NORWALK, '/'));
      await page.getByRole('button', { name: 'Pay a bill' }).click();
      await page.getByLabel('Account number').fill('10-1001-00');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Payment amount').fill('20.00');
      await page.getByLabel('Email for your receipt').fill('guest@example.com');
      await page.getByRole('button', { name: 'Continue' }).click();
      // The city raises its fee behind the payer's back: Pay is refused (FEE_CHANGED) in the server's words.
      await setConvenienceFee({ kind: 'FLAT', amount: '2.50' });
      const fields = hostedFields(page);
      await fillCard(fields, { number: CARDS.visa, name: 'Pat Payer' });
      await frameSettled(page);
      const pay = page.getByRole('button', { name: 'Pay $21.00' });
      await pay.scrollIntoViewIfNeeded();
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      await pay.click();
      await page.getByRole('alert').filter({ hasText: 'The total for a payment of $20.00 is $22.50, with a convenience fee of $2.50' }).waitFor();

      await switchToSpanish(page);
      const box = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Hay un problema' }) });
      await box.waitFor();
      expect(await box.innerText()).toContain('El pago no se realizó y no se cobró nada.');
      expect((await visibleAlerts(page)).join('\n')).not.toContain('convenience fee');
    } finally {
      await setConvenienceFee({ kind: 'NONE' });
    }
  });
});
