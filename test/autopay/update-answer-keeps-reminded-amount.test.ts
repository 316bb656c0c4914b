import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { CARDS, UPDATE, amountDueNow, at, autopayNotices, newCustomer, openAccountWithBill, processorCharges, saveCard, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds 3 days before. Each resident owes $60.00, is reminded on March 12 that
 * autopay takes $60.00 on March 15, and a second bill ($40.00, due April 5) is imported on March 13. The run keeps the
 * reminder's amount (README: "the month's deduction takes no more than the amount due its reminder announced"), so
 * March 15 takes $60.00. A resident who changes autopay on March 14 is told by updateAutopay's `notice` "what the
 * month's deduction will charge ... as the reminder will" (README). It must say what the run will do.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;

async function remindedThenBilledAgain(accountNumber: string, email: string): Promise<Customer> {
  at(clock, '2026-03-10T18:00:00Z');
  await openAccountWithBill(env.platform, accountNumber, '60.00');
  const resident = await newCustomer(env.platform, { email, accounts: [accountNumber] });
  await enrolAutopay(resident, resident.accounts[accountNumber]!);
  return resident;
}

let rosa: Customer;
let tom: Customer;
beforeAll(async () => {
  rosa = await remindedThenBilledAgain('10-7101-00', 'rosa.update.after.reminder@example.com');
  tom = await remindedThenBilledAgain('10-7102-00', 'tom.update.after.reminder@example.com');
  at(clock, '2026-03-12T16:00:00Z');
  await autopayRun();
  for (const c of [rosa, tom]) {
    expect((await autopayNotices(env.platform, 'norwalk', c.email)).map((n) => [n.template, n.data.amount])).toEqual([['AUTOPAY_REMINDER', '$60.00']]);
  }
  at(clock, '2026-03-13T16:00:00Z');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await staff.data(IMPORT_LIST, {
    bills: ['10-7101-00', '10-7102-00'].map((accountNumber) => ({ billNumber: `B2-${accountNumber}`, accountNumber, issueDate: '2026-03-13', dueDate: '2026-04-05', water: '40.00' })),
  });
});

/** updateAutopay as a resident sends it on March 14, the day before the deduction. */
async function updateOnMarch14(resident: Customer, accountNumber: string, input: { paymentMethodId?: string; maxAmount?: string; newCard?: boolean }): Promise<AutopayPayload> {
  at(clock, '2026-03-14T16:00:00Z');
  const me = await resident.client();
  const paymentMethodId = input.newCard ? await saveCard(env.platform, me, CARDS.mastercard) : resident.cardId;
  const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, {
    input: { serviceAccountId: resident.accounts[accountNumber]!, paymentMethodId, ...(input.maxAmount && { maxAmount: input.maxAmount }) },
  });
  expect(updateAutopay.userErrors).toEqual([]);
  return updateAutopay;
}

it('tells a resident who changes autopay after the reminder what the run will take on March 15, as the run then does', async () => {
  // Rosa switches to her Mastercard; Tom sets a $75.00 maximum: over the $100.00 owed now, not over the $60.00 the reminder announced.
  const rosaTold = await updateOnMarch14(rosa, '10-7101-00', { newCard: true });
  const tomTold = await updateOnMarch14(tom, '10-7102-00', { maxAmount: '75.00' });

  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  // What the run did: each was charged the reminder's $60.00, leaving the $40.00 bill owed.
  expect({
    charged: (await processorCharges(env.platform)).map((c) => c.amount),
    owed: [await amountDueNow(rosa, '10-7101-00'), await amountDueNow(tom, '10-7102-00')],
  }).toEqual({ charged: ['6000', '6000'], owed: ['40.00', '40.00'] });

  // What they were told the day before.
  expect({ rosa: rosaTold.notice, tom: tomTold.notice }).toEqual({
    rosa: 'Autopay will pay the $60.00 due on March 15, 2026.',
    tom: 'Autopay will pay the $60.00 due on March 15, 2026.',
  });
});
