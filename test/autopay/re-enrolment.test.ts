import { autopayPlatform } from './autopay-platform';
import { CANCEL, CARDS, at, autopayPayments, enroll, newCustomer, type Customer, enrolAutopay } from './autopay-api';

/*
 * A retry scheduled under one enrolment is not made under the next. Ana's
 * card is declined on March 15, with a retry on the 18th; she cancels; her
 * housemate Ben enrols on his own card and is told March is not covered
 * (pay it once now). The 18th's run must not charge Ben for March.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let ana: Customer;
let ben: Customer;
beforeAll(async () => {
  ana = await newCustomer(env.platform, { email: 'ana.retry@example.com', accounts: ['10-1003-00'], card: CARDS.genericDecline });
  ben = await newCustomer(env.platform, { email: 'ben.retry@example.com', accounts: ['10-1003-00'] });
});

const account = () => ana.accounts['10-1003-00']!;

it("makes no retry of the month under a new enrolment that does not cover it, on the housemate's card", async () => {
  await enrolAutopay(ana, account());
  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => [p.status, p.idempotency_key.split('/').slice(2).join('/')])).toEqual([['DECLINED', '2026-03/1']]);

  at(clock, '2026-03-16T18:00:00Z');
  const cancelled = await (await ana.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: account() });
  expect(cancelled.cancelAutopay.userErrors).toEqual([]);
  at(clock, '2026-03-17T18:00:00Z');
  const enrolled = await enroll(await ben.client(), { serviceAccountId: account(), paymentMethodId: ben.cardId });
  expect(enrolled.userErrors).toEqual([]);
  expect([enrolled.currentCycleCovered, enrolled.firstDeductionDate]).toEqual([false, '2026-04-15']);

  at(clock, '2026-03-18T18:00:00Z');
  await autopayRun();
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => p.idempotency_key.split('/').slice(2).join('/'))).toEqual(['2026-03/1']);
});
