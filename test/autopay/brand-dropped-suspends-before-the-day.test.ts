import { autopayPlatform } from './autopay-platform';
import { BANK, bankToken } from '../payments/payments-api';
import { CARDS, at, autopayNotices, myAccounts, newCustomer, openAccountWithBill, saveToken, type Customer, enrolAutopay } from './autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * Norwalk stops taking American Express on March 1 (and e-checks on April
 * 1); residents enrolled in autopay with an Amex card (or a bank account)
 * before. The run would refuse the card on March
 * 15, and no reminder is sent of a charge it would refuse: left enrolled
 * until then, the resident would hear nothing, and the portal would show a
 * deduction on March 15 that will not happen. The notice pass suspends the
 * enrolment as it does one whose method is gone, and tells the resident
 * why, in their language.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;

async function enrolledWithAmex(email: string, accountNumber: string, locale: 'EN' | 'ES'): Promise<Customer> {
  const customer = await newCustomer(env.platform, { email, accounts: [accountNumber], card: CARDS.americanExpress, locale });
  await enrolAutopay(customer, customer.accounts[accountNumber]!);
  return customer;
}

it('suspends an enrolment on a card brand the city dropped at the pass of the reminder day, and tells the resident why', async () => {
  const amex = await enrolledWithAmex('amex.holder@example.com', '10-1001-00', 'EN');
  await openAccountWithBill(env.platform, '10-7201-00', '60.00');
  const tarjeta = await enrolledWithAmex('amex.titular@example.com', '10-7201-00', 'ES');

  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands: ['VISA', 'MASTERCARD'] } });

  // Reminder day (three days before the 15th): the notice pass runs.
  at(clock, '2026-03-12T18:00:00Z');
  await autopayRun();
  const { status, suspendedReason, nextDeductionDate } = (await myAccounts(await amex.client()))['10-1001-00']!.autopay;
  // Not "Enrolled, next deduction March 15" on a card the run is certain to refuse.
  expect({ status, suspendedReason, nextDeductionDate }).toEqual({ status: 'SUSPENDED', suspendedReason: 'METHOD_NOT_ACCEPTED', nextDeductionDate: null });
  // Told before the day, as a resident whose card was removed or whose bank account was blocked is; and no reminder.
  const told = await autopayNotices(env.platform, 'norwalk', amex.email);
  expect(told.map((n) => [n.template, n.data.reason])).toEqual([['AUTOPAY_SUSPENDED', 'METHOD_NOT_ACCEPTED']]);
  // The card is fine; it is the city that no longer takes it.
  expect(told[0]!.data.message).toBe(
    'Autopay for account 10-1001-00 is suspended because the city no longer takes payments by your American Express ending in 0 0 0 5. Please update your autopay payment method, and make a one-time payment for what is due.',
  );
  const [dicho] = await autopayNotices(env.platform, 'norwalk', tarjeta.email);
  expect(dicho!.data.message).toBe(
    'El pago automático de la cuenta 10-7201-00 está suspendido porque la ciudad ya no acepta pagos con su American Express terminada en 0 0 0 5. Actualice su método de pago automático y haga un pago único por lo pendiente.',
  );
}, 90_000);

it('suspends an enrolment on a bank account once the city stops taking e-checks, and says so', async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
  at(clock, '2026-03-20T18:00:00Z');
  await openAccountWithBill(env.platform, '10-7202-00', '40.00');
  const customer = await newCustomer(env.platform, { email: 'echeck.payer@example.com', accounts: ['10-7202-00'] });
  const bankId = await saveToken(await customer.client(), await bankToken(env.platform, BANK.accounts.settles));
  await enrolAutopay(customer, customer.accounts['10-7202-00']!, { paymentMethodId: bankId });

  // Autopay stops taking bank accounts online with it (a city may not offer online what it does not take).
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { echeckAccepted: false }, autopayRules: { methodsAllowedOnline: ['CARD'] } });
  // April's reminder day.
  at(clock, '2026-04-12T18:00:00Z');
  await autopayRun();
  const { status, nextDeductionDate } = (await myAccounts(await customer.client()))['10-7202-00']!.autopay;
  expect({ status, nextDeductionDate }).toEqual({ status: 'SUSPENDED', nextDeductionDate: null });
  const told = await autopayNotices(env.platform, 'norwalk', customer.email);
  expect(told.map((n) => n.data.message)).toEqual([
    'Autopay for account 10-7202-00 is suspended because the city no longer takes payments by your bank account ending in 6 7 8 9. Please update your autopay payment method, and make a one-time payment for what is due.',
  ]);
}, 90_000);
