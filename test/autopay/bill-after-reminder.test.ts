import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { amountDueNow, at, autopayNotices, newCustomer, openAccountWithBill, processorCharges, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds 3 days before. Rosa owes $60.00
 * and is reminded on March 12 that autopay will take $60.00 on March 15; a
 * second bill ($40.00, due April 5) is imported on March 13. March 15 takes
 * what the reminder announced, and no more: the new bill is announced by
 * April's reminder and taken on April 15.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let rosa: Customer;
const ACCOUNT = '10-2101-00';
const reminded = async () => (await autopayNotices(env.platform, 'norwalk', rosa.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').map((n) => [n.data.deductionDate, n.data.amount]);
const charged = async () => (await processorCharges(env.platform)).map((c) => c.amount);

beforeAll(async () => {
  await openAccountWithBill(env.platform, ACCOUNT, '60.00');
  rosa = await newCustomer(env.platform, { email: 'rosa.late.bill@example.com', accounts: [ACCOUNT] });
  await enrolAutopay(rosa, rosa.accounts[ACCOUNT]!);
});

it('takes on the deduction day only what the reminder announced, however much was billed since', async () => {
  at(clock, '2026-03-12T16:00:00Z');
  await autopayRun();
  expect(await reminded()).toEqual([['2026-03-15', '$60.00']]);

  at(clock, '2026-03-13T16:00:00Z');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B2-${ACCOUNT}`, accountNumber: ACCOUNT, issueDate: '2026-03-13', dueDate: '2026-04-05', water: '40.00' }] });
  at(clock, '2026-03-14T16:00:00Z');
  await autopayRun();

  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  await autopayRun();
  expect({ reminded: await reminded(), charged: await charged(), owed: await amountDueNow(rosa, ACCOUNT) }).toEqual({
    reminded: [['2026-03-15', '$60.00']],
    charged: ['6000'],
    owed: '40.00',
  });
});

it("leaves the later bill to the next month's reminder, and takes it then", async () => {
  at(clock, '2026-04-12T16:00:00Z');
  await autopayRun();
  at(clock, '2026-04-15T08:10:00Z');
  await autopayRun();
  expect({ reminded: await reminded(), charged: await charged(), owed: await amountDueNow(rosa, ACCOUNT) }).toEqual({
    reminded: [
      ['2026-03-15', '$60.00'],
      ['2026-04-15', '$40.00'],
    ],
    charged: ['6000', '4000'],
    owed: '0.00',
  });
});
