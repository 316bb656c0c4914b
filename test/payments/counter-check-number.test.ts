import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { newKey } from './payments-api';
import { changeCitySettings } from '../tenants/city-settings';

// A check number is what is printed on the check: "0", "0000" or a long run of digits is a slip of the clerk's hand,
// and was recorded and shown on the receipt as "Check #0". Refused at the field, in the clerk's language (Norwalk speaks
// English and Spanish; it takes payments in person for this file).
let platform: TestPlatform;
let staff: GraphQLTestClient;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  await changeCitySettings(platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const found = await staff.data<{ serviceAccounts: { edges: { node: { id: string; accountNumber: string } }[] } }>(
    'query Find($search: String) { serviceAccounts(search: $search, first: 5) { edges { node { id accountNumber } } } }',
    { search: '10-1001-00' },
  );
  accountId = found.serviceAccounts.edges.find((edge) => edge.node.accountNumber === '10-1001-00')!.node.id;
});
afterAll(() => platform.close());

const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) {
  recordCounterPayment(input: $input) { payment { method { checkNumber label } } userErrors { field code message } }
}`;
type Recorded = { payment: { method: { checkNumber: string; label: string } } | null; userErrors: { field: string[]; code: string; message: string }[] };

async function recordCheck(checkNumber: string, locale: 'en' | 'es' = 'en'): Promise<Recorded> {
  const client = staff.withHeaders({ 'accept-language': locale });
  const input = { idempotencyKey: newKey('check'), allocations: [{ serviceAccountId: accountId, amount: '3.17' }], method: 'CHECK', checkNumber, receivedBy: 'Pat Clerk' };
  return (await client.data<{ recordCounterPayment: Recorded }>(RECORD, { input })).recordCounterPayment;
}

describe('the check number of a counter payment', () => {
  it.each(['0', '#0', '0000', '# 000000', '12345678901', '1'.repeat(500)])('refuses %p at the field, recording nothing', async (checkNumber) => {
    const { payment, userErrors } = await recordCheck(checkNumber);
    expect(payment).toBeNull();
    expect(userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([['input.checkNumber', 'INVALID_CHECK_NUMBER']]);
    const rows = await tenantRows<{ n: string }>(platform, 'norwalk', `SELECT count(*)::text AS n FROM payments WHERE method_kind = 'CHECK' AND amount_cents = 317`);
    expect(rows[0]!.n).toBe('0');
  });

  it('says what a check number is in English and Spanish', async () => {
    expect((await recordCheck('0', 'en')).userErrors[0]!.message).toBe('Enter the number printed on the check: 1 to 10 digits, not all zeros.');
    expect((await recordCheck('0', 'es')).userErrors[0]!.message).toBe('Indique el número impreso en el cheque: de 1 a 10 dígitos, no todos ceros.');
  });

  it('takes the number as printed, leading zeros and all', async () => {
    const { payment, userErrors } = await recordCheck('#000120');
    expect(userErrors).toEqual([]);
    expect(payment!.method).toEqual({ checkNumber: '000120', label: 'Check #000120' });
  });
});
