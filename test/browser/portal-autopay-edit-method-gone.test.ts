import { FixedClock } from '@platform/testkit';
import { CARDS, RUN_AUTOPAY, at, enroll, myAccounts, newCustomer, saveCard, type Customer } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { platformInBrowser } from './browser';
import { openResidentPage, signInResident } from './portal-pages';
import { CITIES, mutationInputs } from './web-pages';

/*
 * Auto Pay's Edit when the enrolment's method is no longer among those the page lists: Dora's card was declined on
 * each of November's three attempts, so her Auto Pay is suspended (PAYMENT_FAILED), and a suspended enrolment does not
 * hold its card, so she removed it from her wallet; her other Visa stays. Edit lists that Visa alone. The form
 * starts from no choice, as the page shows it, and Save changes asks her to choose rather than sending the removed
 * card it could not show (which the API refused as "not found").
 */
const clock = new FixedClock(new Date('2026-11-10T18:00:00Z'));
const env = platformInBrowser({ clock });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const ACCOUNT = '10-1003-00';
let dora: Customer;
let visaId: string;

beforeAll(async () => {
  dora = await newCustomer(env.platform, { email: 'dora.declined@example.com', accounts: [ACCOUNT], card: CARDS.genericDecline });
  const me = await dora.client();
  visaId = await saveCard(env.platform, me, CARDS.visa, 12, 2030);
  expect((await enroll(me, { serviceAccountId: dora.accounts[ACCOUNT]!, paymentMethodId: dora.cardId })).userErrors).toEqual([]);
  // The deduction and its two retries (Norwalk: 3 and 7 days after the 15th), each declined.
  for (const date of ['2026-11-15', '2026-11-18', '2026-11-22']) {
    at(clock, `${date}T18:00:00Z`);
    const { runAutopay } = await (await signInStaff(env.platform, 'norwalk', 'ADMIN')).data<{ runAutopay: { userErrors: unknown[] } }>(RUN_AUTOPAY, { date });
    expect(runAutopay.userErrors).toEqual([]);
  }
  expect((await myAccounts(await dora.client()))[ACCOUNT]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'PAYMENT_FAILED' });
  const { removePaymentMethod } = await (
    await dora.client()
  ).data<{ removePaymentMethod: { userErrors: unknown[] } }>('mutation R($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', { id: dora.cardId });
  expect(removePaymentMethod.userErrors).toEqual([]);
  // Back to the browser's today, so the sessions the platform hands out are current to the page.
  clock.set(new Date());
});

it('Edit of a suspended Auto Pay whose card was removed starts with no choice, and Save changes asks for one instead of sending the removed card', async () => {
  const { page } = env.tab;
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql')) bodies.push(request.postData() ?? '');
  });
  await signInResident(env.platform, page, NORWALK, dora.email);
  await openResidentPage(page, 'Auto Pay');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Account ${ACCOUNT}` }) });
  await card.getByRole('button', { name: 'Edit' }).click();
  const payWith = card.getByRole('group', { name: /Pay with/ });
  await payWith.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).waitFor();
  const shown = { radios: await payWith.getByRole('radio').count(), checked: await payWith.locator('input[type=radio]:checked').count() };

  await card.getByRole('button', { name: 'Save changes' }).click();
  await card.getByRole('alert').first().waitFor();
  const said = (await card.getByRole('alert').allInnerTexts()).join(' ');
  const sentBeforeChoosing = mutationInputs(bodies, 'AccountUpdateAutopay').map((input) => input.paymentMethodId);

  await payWith.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).check();
  await card.getByRole('button', { name: 'Save changes' }).click();
  await card.locator('.autopay-status', { hasText: /^Enrolled$/ }).waitFor();

  expect({
    shown,
    askedToChoose: said.includes('Choose a saved payment method.'),
    sentBeforeChoosing,
    sent: mutationInputs(bodies, 'AccountUpdateAutopay').map((input) => input.paymentMethodId),
  }).toEqual({
    shown: { radios: 1, checked: 0 },
    askedToChoose: true,
    sentBeforeChoosing: [],
    sent: [visaId],
  });
  expect((await myAccounts(await dora.client()))[ACCOUNT]!.autopay).toMatchObject({ status: 'ENROLLED', method: { id: visaId } });
}, 90_000);
