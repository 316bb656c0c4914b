import { createHttpProcessor } from '@platform/processor';
import { closeSandboxBankAccount } from '@platform/processor-sandbox';
import { TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { BANK, bankToken } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { at, attemptsOn, autopayNotices, myAccounts, newCustomer, openAccountWithBill, saveToken, type Customer, enrolAutopay } from './autopay-api';

/*
 * Ben pays by autopay from his checking account, then closes it at his bank and forgets to tell the city. On March 15
 * the processor declines autopay's debit as INVALID_ACCOUNT: no retry can turn that (the account is gone), so autopay
 * stops at once, as for a card the processor called expired: Ben's enrolment is suspended (METHOD_UNAVAILABLE), he is
 * told the debit failed with no retry date and why autopay stopped, and the account is not debited again on March 18
 * or 22. Until then the processor declined each retry at once and Ben was promised retries that could never work, to be
 * told days later that autopay stopped because "every retry failed". Likewise Cy, whose saved card staff deleted in the
 * processor's dashboard: the processor no longer holds it (METHOD_NOT_FOUND), and no retry can turn that either.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let ben: Customer;
let cy: Customer;
const BEN = '10-8821-00';
const CY = '10-8823-00';

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
  await openAccountWithBill(env.platform, BEN, '70.00');
  await openAccountWithBill(env.platform, CY, '55.00');
  ben = await newCustomer(env.platform, { email: 'ben.closed@example.com', accounts: [BEN] });
  const bankId = await saveToken(await ben.client(), await bankToken(env.platform, BANK.accounts.settles));
  await enrolAutopay(ben, ben.accounts[BEN]!, { paymentMethodId: bankId });

  cy = await newCustomer(env.platform, { email: 'cy.deleted@example.com', accounts: [CY] });
  await enrolAutopay(cy, cy.accounts[CY]!);

  const [saved] = await tenantRows<{ fingerprint: string }>(env.platform, 'norwalk', 'SELECT fingerprint FROM saved_payment_methods WHERE id = $1', [bankId]);
  await closeSandboxBankAccount(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, saved!.fingerprint);
  const [card] = await tenantRows<{ processor_profile_id: string; processor_method_id: string }>(
    env.platform,
    'norwalk',
    'SELECT processor_profile_id, processor_method_id FROM saved_payment_methods WHERE id = $1',
    [cy.cardId],
  );
  const dashboard = createHttpProcessor({ baseUrl: env.platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 5000 });
  expect(await dashboard.deleteMethod({ profileId: card!.processor_profile_id, methodId: card!.processor_method_id })).toMatchObject({ outcome: 'OK' });
  for (const day of ['2026-03-15', '2026-03-18', '2026-03-22']) {
    at(clock, `${day}T08:10:00Z`);
    await autopayRun();
  }
});

it('debits a bank account the processor called invalid once, and suspends its autopay as METHOD_UNAVAILABLE', async () => {
  expect(await attemptsOn(env.platform, ben, BEN)).toEqual([['2026-03/1', 'DECLINED']]);
  expect((await myAccounts(await ben.client()))[BEN]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE', nextDeductionDate: null });
});

it('tells the resident the debit failed with no retry, and that autopay stopped because the account can no longer be used', async () => {
  // Queued in one transaction: told apart by template, not by the order of their ids.
  const notices = (await autopayNotices(env.platform, 'norwalk', ben.email)).filter((n) => n.template !== 'AUTOPAY_REMINDER').sort((a, b) => a.template.localeCompare(b.template));
  expect(notices.map((n) => [n.template, n.data.nextAttemptOn ?? n.data.reason])).toEqual([
    ['AUTOPAY_FAILED', ''],
    ['AUTOPAY_SUSPENDED', 'METHOD_UNAVAILABLE'],
  ]);
  expect(notices[0]!.data.message).not.toMatch(/try again/);
  expect(notices[1]!.data.message).toMatch(/^Autopay for account 10-8821-00 is suspended because your .+ can no longer be used\./);
});

it('charges a saved card the processor no longer holds once, and suspends its autopay as METHOD_UNAVAILABLE', async () => {
  expect(await attemptsOn(env.platform, cy, CY)).toEqual([['2026-03/1', 'FAILED']]);
  expect((await myAccounts(await cy.client()))[CY]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE', nextDeductionDate: null });
  // Stopped on the 15th, not on the first retry day: Cy is not promised a retry on a card the processor no longer holds.
  const notices = (await autopayNotices(env.platform, 'norwalk', cy.email)).filter((n) => n.template !== 'AUTOPAY_REMINDER').sort((a, b) => a.template.localeCompare(b.template));
  expect(notices.map((n) => [n.template, n.data.nextAttemptOn ?? n.data.reason])).toEqual([
    ['AUTOPAY_FAILED', ''],
    ['AUTOPAY_SUSPENDED', 'METHOD_UNAVAILABLE'],
  ]);
});
