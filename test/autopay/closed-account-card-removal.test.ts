import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { myAccounts, newCustomer, openAccountWithBill, enrolAutopay } from './autopay-api';

/*
 * A household moves out: the city's billing office closes its account
 * (closeServiceAccount). Its autopay can never charge again, and the
 * platform already shows it so ("Auto Pay: Not Enrolled", no method, no
 * deduction) to the resident who enrolled. The resident, now gone, removes
 * the card they had saved for it from their wallet.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');

const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { code } } }';
const REMOVE = 'mutation Remove($id: UUID!) { removePaymentMethod(id: $id) { userErrors { field code message } } }';

it('lets a resident whose account the city closed (moved out) remove the card its lapsed autopay named: the account shows no autopay for them to cancel', async () => {
  await openAccountWithBill(env.platform, '10-9101-00', '60.00');
  const mover = await newCustomer(env.platform, { email: 'moved.out.card@example.com', accounts: ['10-9101-00'] });
  const accountId = mover.accounts['10-9101-00']!;
  await enrolAutopay(mover, accountId);

  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await staff.data<{ closeServiceAccount: { serviceAccount: { status: string } } }>(CLOSE, { id: accountId })).closeServiceAccount.serviceAccount.status).toBe('CLOSED');

  // The platform tells the resident the account has no autopay any more (the run will end the enrolment without charging)...
  const me = await mover.client();
  expect((await myAccounts(me))['10-9101-00']!.autopay).toMatchObject({ status: 'NOT_ENROLLED', method: null, nextDeductionDate: null });
  // ...and the enrolment is still stored ENROLLED until the next deduction day's run.
  expect((await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT status FROM autopay_enrollments WHERE service_account_id = $1', [accountId]))[0]?.status).toBe('ENROLLED');

  // So removing the card must work, as it does once an enroller unlinks the account.
  const removed = await me.data<{ removePaymentMethod: { userErrors: { code: string; message: string }[] } }>(REMOVE, { id: mover.cardId });
  expect(removed.removePaymentMethod.userErrors).toEqual([]);
  const { paymentMethods } = await me.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }');
  expect(paymentMethods).toEqual([]);
});
