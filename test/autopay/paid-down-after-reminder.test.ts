import { autopayPlatform } from './autopay-platform';
import { ADJUST, IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { UPDATE, amountDueNow, at, autopayNotices, autopayPayments, newCustomer, openAccountWithBill, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * README (autopay): "the month's deduction takes no more than the amount due its reminder announced (paid down since,
 * less), so a bill imported after the reminder is not taken before the resident is told of it". Norwalk deducts on the
 * 15th and reminds 3 days before. Each resident is reminded on March 12 that $60.00 will be taken; on March 13 what was
 * announced is paid down, by the resident herself or by the city cancelling the bill with a credit, and a bill is
 * imported (a new one, or the cancelled one reissued under a new number). The run used to take the smaller of what was
 * owed and what was announced, with nothing taken off for what was paid since: the new bill, never announced, filled
 * the gap and was taken on March 15. What was announced, less what was paid since, is now the most taken: nothing on
 * March 15, and the new bill is April's reminder's, taken April 15.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let paysHerself: Customer;
let corrected: Customer;
const PAYS = '10-8801-00';
const CORRECTED = '10-8802-00';
const chargedFor = async (customer: Customer, account: string) =>
  (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === customer.accounts[account]).map((p) => p.amount_cents);
const reminded = async (customer: Customer) =>
  (await autopayNotices(env.platform, 'norwalk', customer.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').map((n) => [n.data.deductionDate, n.data.amount]);

beforeAll(async () => {
  await openAccountWithBill(env.platform, PAYS, '60.00');
  await openAccountWithBill(env.platform, CORRECTED, '60.00');
  paysHerself = await newCustomer(env.platform, { email: 'pays.herself@example.com', accounts: [PAYS] });
  corrected = await newCustomer(env.platform, { email: 'bill.corrected@example.com', accounts: [CORRECTED] });
  for (const [c, a] of [
    [paysHerself, PAYS],
    [corrected, CORRECTED],
  ] as const) {
    await enrolAutopay(c, c.accounts[a]!);
  }
  at(clock, '2026-03-12T16:00:00Z');
  await autopayRun();
  expect(await reminded(paysHerself)).toEqual([['2026-03-15', '$60.00']]);
  expect(await reminded(corrected)).toEqual([['2026-03-15', '$60.00']]);
});

describe('March 13: what was announced is paid down and a bill imported; March 15: the run', () => {
  let toldOnMarch14: AutopayPayload;
  beforeAll(async () => {
    at(clock, '2026-03-13T16:00:00Z');
    const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    // One resident pays the announced $60.00 herself; a $40.00 bill is imported after.
    const web = await pay(env.platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey('herself'),
      allocations: [{ accountNumber: PAYS, amount: '60.00' }],
      token: await cardToken(env.platform),
      payerEmail: paysHerself.email,
    });
    expect(web.payment?.status).toBe('CAPTURED');
    await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B2-${PAYS}`, accountNumber: PAYS, issueDate: '2026-03-13', dueDate: '2026-04-05', water: '40.00' }] });
    // The other's March bill was estimated: cancelled by a credit and reissued under a new number for $45.00.
    await staff.data(ADJUST, {
      input: { serviceAccountId: corrected.accounts[CORRECTED]!, kind: 'ADJUSTMENT', amount: '-60.00', memo: `Bill B-${CORRECTED} cancelled: estimated read`, idempotencyKey: newKey('cancel') },
    });
    await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B-${CORRECTED}-R`, accountNumber: CORRECTED, issueDate: '2026-03-13', dueDate: '2026-04-03', water: '45.00' }] });

    // The answer to a change of autopay says what the run will do: nothing this month.
    at(clock, '2026-03-14T16:00:00Z');
    const { updateAutopay } = await (
      await paysHerself.client()
    ).data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: paysHerself.accounts[PAYS]!, paymentMethodId: paysHerself.cardId } });
    toldOnMarch14 = updateAutopay;

    at(clock, '2026-03-15T08:10:00Z');
    await autopayRun();
    await autopayRun();
  });

  it('takes nothing from a resident who paid the announced $60.00 herself, for the bill imported after the reminder', async () => {
    expect({ charged: await chargedFor(paysHerself, PAYS), owed: await amountDueNow(paysHerself, PAYS) }).toEqual({ charged: [], owed: '40.00' });
  });

  it('takes nothing for the corrected bill that replaced the announced one after the reminder', async () => {
    expect({ charged: await chargedFor(corrected, CORRECTED), owed: await amountDueNow(corrected, CORRECTED) }).toEqual({ charged: [], owed: '45.00' });
  });

  it('tells a resident who changes autopay after paying herself that nothing will be taken this month, as the run then does', () => {
    expect({ errors: toldOnMarch14.userErrors, thisMonth: toldOnMarch14.thisMonth, deduction: toldOnMarch14.deduction, amountDue: toldOnMarch14.amountDue?.amount }).toEqual({
      errors: [],
      thisMonth: 'NOTHING_DUE',
      deduction: null,
      amountDue: '40.00',
    });
  });
});

it("announces each new bill in April's reminder, and takes it then", async () => {
  at(clock, '2026-04-12T16:00:00Z');
  await autopayRun();
  at(clock, '2026-04-15T08:10:00Z');
  await autopayRun();
  expect({
    reminded: [await reminded(paysHerself), await reminded(corrected)],
    charged: [await chargedFor(paysHerself, PAYS), await chargedFor(corrected, CORRECTED)],
  }).toEqual({
    reminded: [
      [
        ['2026-03-15', '$60.00'],
        ['2026-04-15', '$40.00'],
      ],
      [
        ['2026-03-15', '$60.00'],
        ['2026-04-15', '$45.00'],
      ],
    ],
    charged: [['4000'], ['4500']],
  });
});
