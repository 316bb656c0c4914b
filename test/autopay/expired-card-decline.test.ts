import { autopayPlatform } from './autopay-platform';
import { CARDS, at, attemptsOn, autopayNotices, myAccounts, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * The card on file says it is good until 12/2030, but its bank has since
 * reissued it: on March 15 the processor declines autopay's charge as
 * EXPIRED_CARD. No retry can turn that decline, and the card networks count
 * every attempt on a card its issuer has called expired against the city, so
 * autopay stops at once, as it does for a card it knows to have expired before
 * charging: Eva's enrolment is suspended (CARD_EXPIRED), she is told the charge
 * failed with no retry date and why autopay stopped, and the card is not tried
 * again on March 18 or 22. Her neighbour Noor's card, declined for
 * insufficient funds, is tried again on the city's schedule.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let eva: Customer;
let noor: Customer;
const EVA = '10-8811-00';
const NOOR = '10-8812-00';

beforeAll(async () => {
  await openAccountWithBill(env.platform, EVA, '70.00');
  await openAccountWithBill(env.platform, NOOR, '60.00');
  eva = await newCustomer(env.platform, { email: 'eva.reissued@example.com', accounts: [EVA], card: CARDS.expiredCard });
  noor = await newCustomer(env.platform, { email: 'noor.short@example.com', accounts: [NOOR], card: CARDS.insufficientFunds });
  for (const [customer, account] of [
    [eva, EVA],
    [noor, NOOR],
  ] as const) {
    await enrolAutopay(customer, customer.accounts[account]!);
  }
  for (const day of ['2026-03-15', '2026-03-18', '2026-03-22']) {
    at(clock, `${day}T08:10:00Z`);
    await autopayRun();
  }
});

it('tries a card the processor called expired once, and suspends its autopay as CARD_EXPIRED', async () => {
  expect(await attemptsOn(env.platform, eva, EVA)).toEqual([['2026-03/1', 'DECLINED']]);
  expect((await myAccounts(await eva.client()))[EVA]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'CARD_EXPIRED', nextDeductionDate: null });
});

it('tells the resident the charge failed with no retry, and that autopay stopped because the card expired', async () => {
  // Queued in one transaction: told apart by template, not by the order of their ids.
  const notices = (await autopayNotices(env.platform, 'norwalk', eva.email)).filter((n) => n.template !== 'AUTOPAY_REMINDER').sort((a, b) => a.template.localeCompare(b.template));
  expect(notices.map((n) => [n.template, n.data.nextAttemptOn ?? n.data.reason])).toEqual([
    ['AUTOPAY_FAILED', ''],
    ['AUTOPAY_SUSPENDED', 'CARD_EXPIRED'],
  ]);
  expect(notices[0]!.data.message).not.toMatch(/try again/);
  expect(notices[1]!.data.message).toBe(
    'Autopay for account 10-8811-00 is suspended because your Visa ending in 0 0 6 9 has expired. Please update your autopay payment method, and make a one-time payment for what is due.',
  );
});

it('still retries a card declined for insufficient funds on the city schedule', async () => {
  expect(await attemptsOn(env.platform, noor, NOOR)).toEqual([
    ['2026-03/1', 'DECLINED'],
    ['2026-03/2', 'DECLINED'],
    ['2026-03/3', 'DECLINED'],
  ]);
});
