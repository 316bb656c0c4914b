import { randomUUID } from 'node:crypto';
import { ADJUST, APPROVE_RESTORATION, IMPORT_CSV, IMPORT_LIST, MARK_DISCONNECTED, OPEN_ACCOUNT, openAccount, type ImportResult, platformWithStaff } from './billing-api';

/*
 * Every refusal of a billing mutation names the path into that mutation's
 * arguments (schema/schema.graphql), reports every problem at once, and uses
 * the one UserErrorCode vocabulary.
 */

const env = platformWithStaff('norwalk', 'ADMIN');

type UserErrors = { userErrors: { field: string[]; code: string; message: string }[] };
const paths = (payload: UserErrors) => payload.userErrors.map((error) => [error.field.join('.'), error.code]);

it('openServiceAccount: every field at fault, at once', async () => {
  const { openServiceAccount } = await env.staff.data<{ openServiceAccount: UserErrors }>(OPEN_ACCOUNT, {
    input: {
      accountNumber: ' ',
      customerName: 'x'.repeat(121),
      addressLine1: '',
      addressLine2: 'Card 4111 1111 1111 1111',
      city: 'y'.repeat(81),
      region: ' ',
      postalCode: '9'.repeat(21),
      openedOn: 'yesterday',
    },
  });
  expect(paths(openServiceAccount)).toEqual([
    ['input.accountNumber', 'REQUIRED'],
    ['input.customerName', 'TOO_LONG'],
    ['input.addressLine1', 'REQUIRED'],
    ['input.addressLine2', 'CARD_NUMBER_NOT_ACCEPTED'],
    ['input.city', 'TOO_LONG'],
    ['input.region', 'REQUIRED'],
    ['input.postalCode', 'TOO_LONG'],
    ['input.openedOn', 'INVALID_DATE'],
  ]);
  expect(openServiceAccount.userErrors[1]?.message).toBe('At most 120 characters.');
  // One problem per field: a blank number is not also an invalid one.
  const { openServiceAccount: badNumber } = await env.staff.data<{ openServiceAccount: UserErrors }>(OPEN_ACCOUNT, {
    input: { accountNumber: '10_0001', customerName: 'Ada', addressLine1: '1 Main St', city: 'Norwalk', region: 'CA', postalCode: '90650' },
  });
  expect(paths(badNumber)).toEqual([['input.accountNumber', 'INVALID_ACCOUNT_NUMBER']]);
});

it('recordAccountAdjustment: amount, memo and key at once; the account and a reused key at their fields', async () => {
  const account = await openAccount(env.staff);
  const adjust = async (input: Record<string, unknown>) => (await env.staff.data<{ recordAccountAdjustment: UserErrors }>(ADJUST, { input })).recordAccountAdjustment;
  const input = { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '-5.00', memo: 'Waived', idempotencyKey: randomUUID() };
  expect(paths(await adjust({ ...input, amount: '0.00', memo: ' ', idempotencyKey: 'k'.repeat(201) }))).toEqual([
    ['input.amount', 'INVALID_AMOUNT'],
    ['input.memo', 'REQUIRED'],
    ['input.idempotencyKey', 'TOO_LONG'],
  ]);
  const negativeFee = await adjust({ ...input, kind: 'FEE' });
  expect(negativeFee.userErrors).toEqual([{ field: ['input', 'amount'], code: 'INVALID_AMOUNT', message: 'A fee must be a positive amount.' }]);
  expect(paths(await adjust({ ...input, serviceAccountId: randomUUID() }))).toEqual([['input.serviceAccountId', 'ACCOUNT_NOT_FOUND']]);
  expect(paths(await adjust(input))).toEqual([]);
  expect(paths(await adjust({ ...input, amount: '-6.00' }))).toEqual([['input.idempotencyKey', 'IDEMPOTENCY_KEY_REUSED']]);
});

it('status changes: refusals point at the serviceAccountId argument', async () => {
  type Changed = { userErrors: { field: string[]; code: string }[] };
  const unknown = await env.staff.data<{ markAccountDisconnected: Changed }>(MARK_DISCONNECTED, { id: randomUUID() });
  expect(unknown.markAccountDisconnected.userErrors).toEqual([expect.objectContaining({ field: ['serviceAccountId'], code: 'ACCOUNT_NOT_FOUND' })]);
  const active = await openAccount(env.staff);
  const approve = await env.staff.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: active.id });
  expect(approve.approveRestoration.userErrors).toEqual([expect.objectContaining({ field: ['serviceAccountId'], code: 'STATUS_CHANGE_NOT_ALLOWED' })]);
});

it('lookupPayable: a kind the city does not take and a blank number, at once', async () => {
  const LOOKUP_PAYABLE = 'mutation Find($input: LookupPayableInput!) { lookupPayable(input: $input) { payable { payableId } userErrors { field code message } } }';
  const { lookupPayable } = await env.platform.client.asTenant('norwalk').data<{ lookupPayable: UserErrors }>(LOOKUP_PAYABLE, { input: { kind: 'CITATION', referenceNumber: ' ' } });
  expect(paths(lookupPayable)).toEqual([
    ['input.kind', 'INVALID_KIND'],
    ['input.referenceNumber', 'REQUIRED'],
  ]);
});

it('bill imports: too many rows for one request, at the argument holding them', async () => {
  const rows = 10_001;
  const csv = [BILL_COLUMNS, ...Array.from({ length: rows }, (_, i) => `B${i},1,2026-01-01,2026-01-21`)].join('\n');
  const fromCsv = (await env.staff.data<{ importBillsCsv: ImportResult }>(IMPORT_CSV, { csv })).importBillsCsv;
  expect(fromCsv).toMatchObject({ received: 0, imported: 0, rowErrors: [], userErrors: [{ field: ['input', 'csv'], code: 'TOO_MANY_ROWS', message: expect.stringMatching(/10,?000/) }] });
  const bills = Array.from({ length: rows }, (_, i) => ({ billNumber: `B${i}`, accountNumber: '1', issueDate: '', dueDate: '' }));
  const fromList = (await env.staff.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills })).importBills;
  expect(fromList.userErrors).toEqual([expect.objectContaining({ field: ['input', 'bills'], code: 'TOO_MANY_ROWS' })]);
});

const BILL_COLUMNS = 'bill_number,account_number,issue_date,due_date';
