import { randomUUID } from 'node:crypto';
import { recordPendingPayment } from '@platform/billing';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { importCsv, signInStaff } from './billing-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  const staff = await signInStaff(platform, 'norman', 'SUPPORT');
  // Norman takes citations as well as utility bills; this one is on a demo account.
  const result = await importCsv(
    staff,
    ['bill_number,account_number,kind,issue_date,due_date,other,description', 'CIT-7781,2002-0933,CITATION,2026-11-01,2026-12-01,150.00,Code violation: tall grass'].join('\n'),
  );
  expect(result.imported).toBe(1);
});
afterAll(() => platform.close());

const LOOKUP_PAYABLE = `mutation Find($input: LookupPayableInput!) {
  lookupPayable(input: $input) {
    payable { payableId serviceAccountId kind referenceNumber description maskedName dueDate total { amount } amountDue { amount } }
    userErrors { field code message }
  }
}`;
type Found = {
  lookupPayable: { payable: ({ payableId: string; serviceAccountId: string; amountDue: { amount: string } } & Record<string, unknown>) | null; userErrors: { field: string[]; code: string }[] };
};
const find = async (slug: string, input: Record<string, unknown>) => (await platform.client.asTenant(slug).data<Found>(LOOKUP_PAYABLE, { input })).lookupPayable;

it('finds a citation by its number, to be paid on its own', async () => {
  const { payable, userErrors } = await find('norman', { referenceNumber: 'cit 7781' });
  expect(userErrors).toEqual([]);
  expect(payable).toMatchObject({
    kind: 'CITATION',
    referenceNumber: 'CIT-7781',
    description: 'Code violation: tall grass',
    maskedName: 'D. B.',
    dueDate: '2026-12-01',
    total: { amount: '150.00' },
    amountDue: { amount: '150.00' },
  });

  // Once a payment for it is recorded, the citation shows nothing left to pay.
  const tenant = toTenantRef((await findTenantBySlug(platform.db, 'norman'))!);
  await withTenant({ db: platform.db, tenant }, (manager) =>
    recordPendingPayment(
      manager,
      { tenant, clock: platform.clock },
      {
        paymentId: randomUUID(),
        allocations: [{ serviceAccountId: payable!.serviceAccountId, payableId: payable!.payableId, amountCents: 15000n }],
        madeAt: new Date(),
        expectedPostingDate: '2026-11-24',
      },
    ),
  );
  expect((await find('norman', { referenceNumber: 'CIT-7781' })).payable?.amountDue.amount).toBe('0.00');
});

it('answers an unknown number with the generic error, at the number', async () => {
  const { payable, userErrors } = await find('norman', { referenceNumber: 'CIT-0000' });
  expect(payable).toBeNull();
  expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'referenceNumber'], code: 'VERIFICATION_FAILED' })]);
});

it('refuses a kind the city does not take', async () => {
  expect((await find('norwalk', { referenceNumber: 'CIT-7781' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'kind'], code: 'INVALID_KIND' })]);
});
