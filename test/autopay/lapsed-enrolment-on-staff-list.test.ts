import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import { ENROLLMENTS, at, newCustomer, openAccountWithBill, type AutopayShape, type Customer, enrolAutopay } from './autopay-api';

/*
 * Ana enrols account 10-7301-00 on March 10, then unlinks it (she moved out) on March 11. README: such an enrolment
 * "is no one's ... Until then ServiceAccount.autopay shows such an enrolment as Not Enrolled, with no method and no
 * next deduction date (the run will make none)", and the next run ends it. Staff reading the city's enrolments must
 * not be told the account is Enrolled with a deduction on March 15 that the run will not make.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock } = env;
let ana: Customer;
const ACCOUNT = '10-7301-00';

beforeAll(async () => {
  await openAccountWithBill(env.platform, ACCOUNT, '50.00');
  ana = await newCustomer(env.platform, { email: 'ana.moved.out@example.com', accounts: [ACCOUNT] });
  await enrolAutopay(ana, ana.accounts[ACCOUNT]!);
  at(clock, '2026-03-11T18:00:00Z');
  const { unlinkServiceAccount } = await (
    await ana.client()
  ).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>('mutation($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', { id: ana.accounts[ACCOUNT] });
  expect(unlinkServiceAccount.userErrors).toEqual([]);
});

it('shows staff an enrolment whose enroller unlinked the account as ServiceAccount.autopay shows it: not enrolled, no deduction to come', async () => {
  const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const { autopayEnrollments } = await staff.data<{ autopayEnrollments: { edges: { node: { serviceAccount: { accountNumber: string }; autopay: AutopayShape } }[] } }>(ENROLLMENTS, {});
  const listed = autopayEnrollments.edges.map((e) => [e.node.serviceAccount.accountNumber, e.node.autopay.status, e.node.autopay.nextDeductionDate]);
  // Observed: [['10-7301-00', 'ENROLLED', '2026-03-15']], while her account's own autopay reads Not Enrolled.
  const { serviceAccount } = await staff.data<{ serviceAccount: { autopay: AutopayShape } }>('query($id: UUID!) { serviceAccount(id: $id) { autopay { status nextDeductionDate } } }', {
    id: ana.accounts[ACCOUNT],
  });
  expect(serviceAccount.autopay).toMatchObject({ status: 'NOT_ENROLLED', nextDeductionDate: null });
  expect(listed).toEqual([[ACCOUNT, 'NOT_ENROLLED', null]]);

  // Listed by status as it is shown: not among the enrolled, among those not enrolled.
  const byStatus = async (status: string) =>
    (await staff.data<{ autopayEnrollments: { edges: { node: { serviceAccount: { accountNumber: string } } }[] } }>(ENROLLMENTS, { status })).autopayEnrollments.edges.map(
      (e) => e.node.serviceAccount.accountNumber,
    );
  expect({ enrolled: await byStatus('ENROLLED'), suspended: await byStatus('SUSPENDED'), notEnrolled: await byStatus('NOT_ENROLLED') }).toEqual({
    enrolled: [],
    suspended: [],
    notEnrolled: [ACCOUNT],
  });
});
