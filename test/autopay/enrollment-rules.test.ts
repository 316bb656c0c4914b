import type { GraphQLTestClient } from '@platform/testkit';
import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import { bearer, countRows, registerCustomer, serviceHouseNumber } from '../customers/customer-api';
import { link } from '../customers/linked-resident';
import { BANK } from '../payments/payments-api';
import { createSandboxToken } from '@platform/processor-sandbox';
import {
  CANCEL,
  ENROLL,
  ENROLLMENTS,
  RUN_AUTOPAY,
  UPDATE,
  enroll,
  myAccounts,
  newCustomer,
  saveCard,
  saveToken,
  type AutopayPayload,
  type AutopayShape,
  type Customer,
  type UserErrorShape,
} from './autopay-api';

/* Who may enrol what, with which method, and what happens to input a person can fix. */

const env = autopayPlatform('2026-03-20T18:00:00Z', { jobs: false });
let maria: Customer;
let james: Customer;
beforeAll(async () => {
  maria = await newCustomer(env.platform, { email: 'maria@example.com', accounts: ['10-1001-00', '10-1004-00'] });
  james = await newCustomer(env.platform, { email: 'james@example.com', accounts: ['10-1002-00'] });
});

const codes = (errors: readonly UserErrorShape[]) => errors.map((e) => [e.field.join('.'), e.code]);
const enrolments = () => countRows(env.platform, 'norwalk', 'autopay_enrollments');

describe('refused enrolments', () => {
  it("refuses someone else's saved method, an account they have not linked, and a maximum below zero, all at once, writing nothing", async () => {
    const me = await maria.client();
    const result = await enroll(me, { serviceAccountId: james.accounts['10-1002-00']!, paymentMethodId: james.cardId, maxAmount: '-5.00' });
    expect(codes(result.userErrors)).toEqual([
      ['input.maxAmount', 'INVALID_AMOUNT'],
      ['input.serviceAccountId', 'ACCOUNT_NOT_LINKED'],
      ['input.paymentMethodId', 'METHOD_NOT_FOUND'],
    ]);
    expect(result.userErrors.map((e) => e.message)).toEqual([
      'Enter a maximum in dollars and cents, zero or more, like 150.00.',
      'Link this account to your profile before setting up autopay for it.',
      'That saved payment method was not found.',
    ]);
    expect(result).toMatchObject({ autopay: null, currentCycleCovered: null, amountDue: null, firstDeductionDate: null, notice: null });
    expect(await enrolments()).toBe(0);
  });

  it.each(['-0.01', '12.345', 'ten dollars', '1e3'])('refuses the maximum %j', async (maxAmount) => {
    const result = await enroll(await maria.client(), { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId, maxAmount });
    expect(codes(result.userErrors)).toEqual([['input.maxAmount', 'INVALID_AMOUNT']]);
    expect(await enrolments()).toBe(0);
  });

  it("refuses malformed ids with the API's one invalid-id error, not as a server error", async () => {
    const result = await (await maria.client()).request(ENROLL, { input: { serviceAccountId: 'not-an-id', paymentMethodId: '42' } });
    expect([result.status, result.errors?.map((error) => error.extensions)]).toEqual([
      400,
      [
        { code: 'BAD_USER_INPUT', reason: 'INVALID_ID' },
        { code: 'BAD_USER_INPUT', reason: 'INVALID_ID' },
      ],
    ]);
    expect(await enrolments()).toBe(0);
  });

  it('refuses a bank account where the city takes bank autopay only on paper (Norwalk), in the request language', async () => {
    const me = await maria.client();
    const bankId = await saveToken(
      me,
      await createSandboxToken(env.platform.processorUrl, { routingNumber: BANK.routingNumber, accountNumber: BANK.accounts.settles, accountType: 'CHECKING', holderName: 'Maria Lopez' }),
    );
    const result = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: bankId });
    expect(codes(result.userErrors)).toEqual([['input.paymentMethodId', 'METHOD_NOT_ALLOWED_ONLINE']]);
    expect(result.userErrors[0]?.message).toBe('Autopay from a bank account cannot be set up online in this city; please use the paper enrollment form, or choose a card.');
    const inSpanish = (
      await me.withHeaders({ 'accept-language': 'es' }).data<{ enrollAutopay: AutopayPayload }>(ENROLL, { input: { serviceAccountId: maria.accounts['10-1001-00'], paymentMethodId: bankId } })
    ).enrollAutopay;
    expect(inSpanish.userErrors[0]?.message).toBe(
      'En esta ciudad el pago automático con cuenta bancaria no se puede configurar en línea; use el formulario de inscripción en papel o elija una tarjeta.',
    );
    expect(await enrolments()).toBe(0);
  });

  it('refuses a card that expires before the first deduction', async () => {
    const me = await maria.client();
    // March 20 is after the 15th: the first deduction is April 15, after this card's last day.
    // Not the Visa already saved: that one saved again with this earlier expiry is the wallet's Visa, good through 2030.
    const expiring = await saveCard(env.platform, me, '378282246310005', 3, 2026);
    const result = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: expiring });
    expect(codes(result.userErrors)).toEqual([['input.paymentMethodId', 'METHOD_EXPIRES_TOO_SOON']]);
    expect(result.userErrors[0]?.message).toBe('This card expires before the first automatic payment on April 15, 2026. Please choose another card.');
  });

  it('refuses a removed card', async () => {
    const me = await maria.client();
    const removed = await saveCard(env.platform, me, '5555555555554444');
    await me.data('mutation R($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', { id: removed });
    const result = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: removed });
    expect(codes(result.userErrors)).toEqual([['input.paymentMethodId', 'METHOD_NOT_FOUND']]);
  });

  it('is for signed-in customers only', async () => {
    const input = { serviceAccountId: maria.accounts['10-1001-00'], paymentMethodId: maria.cardId };
    const guest = await env.platform.client.asTenant('norwalk').request(ENROLL, { input });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    expect((await staff.request(ENROLL, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await enrolments()).toBe(0);
  });
});

describe('one enrolment per account', () => {
  let lucia: GraphQLTestClient;
  beforeAll(async () => {
    // Maria's housemate links the same account.
    const { session } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'lucia@example.com' });
    lucia = bearer(env.platform.client.asTenant('norwalk'), session);
    await link(lucia, '10-1001-00', { serviceHouseNumber: await serviceHouseNumber(env.platform, 'norwalk', '10-1001-00') });
  });

  it('enrols with a maximum, and a second enrolment is refused', async () => {
    const me = await maria.client();
    const first = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId, maxAmount: '150' });
    expect(first).toMatchObject({ userErrors: [], autopay: { status: 'ENROLLED', maxAmount: { amount: '150.00' } }, currentCycleCovered: false });
    const again = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId });
    expect(codes(again.userErrors)).toEqual([['input.serviceAccountId', 'ALREADY_ENROLLED']]);
    expect(await enrolments()).toBe(1);
  });

  it("shows the housemate the account's autopay, but not the card, and lets only the customer who enrolled change it", async () => {
    const { viewer } = await lucia.data<{ viewer: { serviceAccounts: { autopay: AutopayShape }[] } }>('{ viewer { serviceAccounts { autopay { status method { last4 } } } } }');
    expect(viewer.serviceAccounts.map((a) => a.autopay)).toEqual([{ status: 'ENROLLED', method: null }]);
    const luciaCard = await saveCard(env.platform, lucia, '4242424242424242');
    const input = { serviceAccountId: maria.accounts['10-1001-00'], paymentMethodId: luciaCard };
    expect(codes((await enroll(lucia, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: luciaCard })).userErrors)).toEqual([['input.serviceAccountId', 'ENROLLED_BY_SOMEONE_ELSE']]);
    expect(codes((await lucia.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input })).updateAutopay.userErrors)).toEqual([['input.serviceAccountId', 'ENROLLED_BY_SOMEONE_ELSE']]);
    expect(codes((await lucia.data<{ cancelAutopay: { userErrors: UserErrorShape[] } }>(CANCEL, { id: maria.accounts['10-1001-00'] })).cancelAutopay.userErrors)).toEqual([
      ['serviceAccountId', 'ENROLLED_BY_SOMEONE_ELSE'],
    ]);
  });

  it('changes the card and the maximum; the month it already covers stays as it was', async () => {
    const me = await maria.client();
    const mastercard = await saveCard(env.platform, me, '5555555555554444');
    const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: maria.accounts['10-1001-00'], paymentMethodId: mastercard, maxAmount: null } });
    expect(updateAutopay).toMatchObject({ userErrors: [], firstDeductionDate: '2026-04-15', autopay: { status: 'ENROLLED', maxAmount: null, method: { brand: 'MASTERCARD', last4: '4444' } } });
  });

  it('refuses to remove the card autopay charges, saying what to do, and removes one it does not charge', async () => {
    const me = await maria.client();
    const REMOVE = 'mutation Remove($id: UUID!) { removePaymentMethod(id: $id) { userErrors { field code message } } }';
    const charged = (await myAccounts(me))['10-1001-00']!.autopay.method!.id;
    const refused = await me.data<{ removePaymentMethod: { userErrors: UserErrorShape[] } }>(REMOVE, { id: charged });
    expect(refused.removePaymentMethod.userErrors).toEqual([
      { field: ['id'], code: 'METHOD_IN_AUTOPAY', message: 'Autopay pays with this method. Choose another method for autopay, or cancel autopay, before removing it.' },
    ]);
    expect((await myAccounts(me))['10-1001-00']!.autopay).toMatchObject({ status: 'ENROLLED', method: { id: charged } });
    const spare = await saveCard(env.platform, me, '4000056655665556');
    expect((await me.data<{ removePaymentMethod: { userErrors: UserErrorShape[] } }>(REMOVE, { id: spare })).removePaymentMethod.userErrors).toEqual([]);
  });

  it('cancels, then shows "Not Enrolled" and may enrol again', async () => {
    const me = await maria.client();
    const { cancelAutopay } = await me.data<{ cancelAutopay: { autopay: AutopayShape; userErrors: unknown[] } }>(CANCEL, { id: maria.accounts['10-1001-00'] });
    expect(cancelAutopay).toMatchObject({ userErrors: [], autopay: { status: 'NOT_ENROLLED', label: 'Auto Pay: Not Enrolled', method: null, nextDeductionDate: null } });
    expect((await myAccounts(me))['10-1001-00']?.autopay.status).toBe('NOT_ENROLLED');
    const again = (await me.data<{ cancelAutopay: { userErrors: UserErrorShape[] } }>(CANCEL, { id: maria.accounts['10-1001-00'] })).cancelAutopay;
    expect(codes(again.userErrors)).toEqual([['serviceAccountId', 'NOT_ENROLLED']]);
    expect(
      codes((await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: maria.accounts['10-1001-00'], paymentMethodId: maria.cardId } })).updateAutopay.userErrors),
    ).toEqual([['input.serviceAccountId', 'NOT_ENROLLED']]);
    // Nothing is due on 10-1004-00 (it is in credit): the notice says only when autopay starts.
    const credit = await enroll(me, { serviceAccountId: maria.accounts['10-1004-00']!, paymentMethodId: maria.cardId });
    expect(credit).toMatchObject({ userErrors: [], amountDue: { amount: '0.00' }, notice: "This month's automatic payment has already run. Autopay starts on April 15, 2026." });
    expect((await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId })).userErrors).toEqual([]);
  });

  it('a house member who was not enrolled can enrol once the autopay was cancelled', async () => {
    const me = await maria.client();
    await me.data(CANCEL, { id: maria.accounts['10-1001-00'] });
    const luciaCards = (await lucia.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }')).paymentMethods;
    const taken = await enroll(lucia, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: luciaCards[0]!.id });
    expect(taken).toMatchObject({ userErrors: [], autopay: { status: 'ENROLLED', method: { last4: '4242' } } });
    expect((await myAccounts(me))['10-1001-00']?.autopay).toMatchObject({ status: 'ENROLLED', method: null });
  });
});

describe('staff', () => {
  it('list enrolments with their accounts, by status', async () => {
    const support = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    const all = await support.data<{ autopayEnrollments: { edges: { node: { serviceAccount: { accountNumber: string }; autopay: AutopayShape; firstDeductionDate: string } }[] } }>(ENROLLMENTS, {});
    // Both were enrolled at the same instant of the test's clock, so their order is the tie-breaker's: compare as a set.
    expect(all.autopayEnrollments.edges.map((e) => [e.node.serviceAccount.accountNumber, e.node.autopay.status, e.node.firstDeductionDate]).sort()).toEqual([
      ['10-1001-00', 'ENROLLED', '2026-04-15'],
      ['10-1004-00', 'ENROLLED', '2026-04-15'],
    ]);
    // Staff see the card whoever enrolled.
    expect(all.autopayEnrollments.edges.every((e) => e.node.autopay.method !== null)).toBe(true);
    const suspended = await support.data<{ autopayEnrollments: { edges: unknown[] } }>(ENROLLMENTS, { status: 'SUSPENDED' });
    expect(suspended.autopayEnrollments.edges).toEqual([]);
  });

  it('run autopay for a date only as ADMIN, and never for a date still to come', async () => {
    const support = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    expect((await support.request(RUN_AUTOPAY, { date: '2026-03-20' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const future = await admin.data<{ runAutopay: { run: unknown; userErrors: UserErrorShape[] } }>(RUN_AUTOPAY, { date: '2026-03-21' });
    expect(future.runAutopay).toEqual({
      run: null,
      userErrors: [{ field: ['date'], code: 'DATE_IN_FUTURE', message: 'Autopay cannot run for a date that has not come yet (2026-03-20 is today in this city).' }],
    });
    expect((await admin.request(RUN_AUTOPAY, { date: '2026-02-30' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('runs for the city’s today on the server’s clock when no date is given (the console’s “Run autopay now”)', async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const now = await admin.data<{ runAutopay: { run: { runDate: string; trigger: string } | null; userErrors: unknown[] } }>(
      `mutation { runAutopay { run { runDate trigger } userErrors { code } } }`,
    );
    // 18:00 UTC on March 20 is still March 20 in Norwalk (Pacific time).
    expect(now.runAutopay).toEqual({ run: { runDate: '2026-03-20', trigger: 'STAFF' }, userErrors: [] });
  });
});

describe('another city', () => {
  it("cannot see or enrol Norwalk's accounts, and its own customers may enrol bank accounts online (Norman)", async () => {
    const normanStaff = await signInStaff(env.platform, 'norman', 'SUPPORT');
    expect((await normanStaff.data<{ autopayEnrollments: { edges: unknown[] } }>(ENROLLMENTS, {})).autopayEnrollments.edges).toEqual([]);

    const norman = env.platform.client.asTenant('norman');
    const { session } = await registerCustomer(norman, { email: 'emily@example.com', username: 'emily', name: 'Emily Johnson', phone: '(405) 555-0101' });
    const emily = bearer(norman, session);
    const bankId = await saveToken(
      emily,
      await createSandboxToken(env.platform.processorUrl, { routingNumber: BANK.routingNumber, accountNumber: BANK.accounts.settles, accountType: 'CHECKING', holderName: 'Emily Johnson' }),
    );
    const stolen = await enroll(emily, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId });
    expect(codes(stolen.userErrors)).toEqual([
      ['input.serviceAccountId', 'ACCOUNT_NOT_LINKED'],
      ['input.paymentMethodId', 'METHOD_NOT_FOUND'],
    ]);
    const own = await link(emily, '2001-0417', { lastPaymentAmount: '100.65' });
    // Norman is on Chicago time, deducting on the 15th too: March 20 is past it.
    const result = await enroll(emily, { serviceAccountId: own, paymentMethodId: bankId });
    expect(result).toMatchObject({ userErrors: [], currentCycleCovered: false, firstDeductionDate: '2026-04-15', autopay: { status: 'ENROLLED', method: { kind: 'BANK_ACCOUNT', last4: '6789' } } });
    expect(await countRows(env.platform, 'norman', 'autopay_enrollments')).toBe(1);
    expect(await enrolments()).toBe(2);
  });
});
