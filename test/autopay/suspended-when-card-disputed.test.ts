import { openSandboxDispute } from '@platform/processor-sandbox';
import { TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { autopayPlatform } from './autopay-platform';
import { at, autopayNotices, autopayPayments, enrolAutopay, newCustomer, openAccountWithBill, processorCharges } from './autopay-api';

/*
 * Bea pays by autopay from her card. She disputes March's deduction with her card's bank, which takes the $40.00 back
 * from the city: the payment is DISPUTED and the $40.00 owed again. April's deduction must not charge the same card
 * again unseen, as it would have (the account owes, the card is saved and valid): the card a holder told their bank not
 * to pay the city is refused at the charge, so autopay suspends the enrolment (METHOD_UNAVAILABLE) and tells her, as it
 * does for a bank account blocked after a return.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;

it('does not charge a card again by autopay once its holder disputed a deduction from it: suspended and told instead', async () => {
  await openAccountWithBill(env.platform, '10-3402-00', '40.00');
  const bea = await newCustomer(env.platform, { email: 'bea.disputes@example.com', accounts: ['10-3402-00'] });
  const accountId = bea.accounts['10-3402-00']!;
  await enrolAutopay(bea, accountId);

  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  at(clock, '2026-03-16T18:00:00Z');
  await env.platform.runJob('payments.post');
  const [march] = await processorCharges(env.platform);
  await openSandboxDispute(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, march!.id, { reason: 'subscription_canceled' });
  await env.platform.runJob('payments.reconcile');
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => p.status)).toEqual(['DISPUTED']);

  for (const when of ['2026-04-12T18:00:00Z', '2026-04-15T18:00:00Z']) {
    at(clock, when);
    await autopayRun();
  }
  expect(await processorCharges(env.platform)).toHaveLength(1);
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT status, suspension_reason FROM autopay_enrollments WHERE service_account_id = $1', [accountId])).toEqual([
    { status: 'SUSPENDED', suspension_reason: 'METHOD_UNAVAILABLE' },
  ]);
  expect((await autopayNotices(env.platform, 'norwalk', bea.email)).filter((n) => n.template === 'AUTOPAY_SUSPENDED')).toHaveLength(1);
});
