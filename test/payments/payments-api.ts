import { randomUUID } from 'node:crypto';
import { createHttpProcessor } from '@platform/processor';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS, createSandboxToken, listSandboxCharges } from '@platform/processor-sandbox';
import { TEST_PROCESSOR_SECRET_KEY, startTestPlatform, type GraphQLTestClient, type TestPlatform, type TestPlatformOptions } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount } from '../billing/billing-api';
import { bearer, signIn } from '../customers/customer-api';
import { linkedResident } from '../customers/linked-resident';

/* GraphQL documents and helpers shared by the payments tests. */

export const PAYMENT_FIELDS = `id confirmationNumber status amount { amount } convenienceFee { amount } total { amount } refunded { amount }
  method { kind brand last4 } expectedPostingDate declineCode returnCode allocations { serviceAccountId payableId amount { amount } }`;
const USER_ERRORS = 'userErrors { field code message }';
export const MAKE_PAYMENT = `mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { ${PAYMENT_FIELDS} } receiptToken ${USER_ERRORS} } }`;
export const PAYMENT_BY_CONFIRMATION = `query Receipt($number: String!, $token: String!) { paymentByConfirmation(confirmationNumber: $number, receiptToken: $token) { ${PAYMENT_FIELDS} } }`;
export const STAFF_PAYMENT = `query Payment($id: UUID!) { payment(id: $id) { ${PAYMENT_FIELDS} history { fromStatus toStatus actor reason processorReference } } }`;
export const REFUND = `mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { payment { ${PAYMENT_FIELDS} } ${USER_ERRORS} } }`;
export const VOID = `mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) { payment { ${PAYMENT_FIELDS} } ${USER_ERRORS} } }`;
const ACCOUNT_LOOKUP = `mutation Lookup($input: LookupAccountInput!) { lookupAccount(input: $input) { account { serviceAccountId amountDue { amount } pendingPayments { amount } } userErrors { code } } }`;

export interface PaymentShape {
  readonly id: string;
  readonly confirmationNumber: string;
  readonly status: string;
  readonly amount: { amount: string };
  readonly total: { amount: string };
  readonly refunded: { amount: string };
  readonly method: { kind: string; brand: string | null; last4: string };
  readonly expectedPostingDate: string;
  readonly declineCode: string | null;
  readonly returnCode: string | null;
  readonly allocations: { serviceAccountId: string; payableId: string | null; amount: { amount: string } }[];
}

export interface MakePaymentResult {
  readonly payment: PaymentShape | null;
  readonly receiptToken: string | null;
  readonly userErrors: { field: string[]; code: string; message: string }[];
}

export const CARDS = SANDBOX_TEST_CARDS;
export const BANK = SANDBOX_BANK;

/** What the city's hosted form does in the browser: card details go to the processor, a token comes back. */
export function cardToken(platform: TestPlatform, number: string = CARDS.visa, goodThrough = { expMonth: 12, expYear: 2030 }): Promise<string> {
  return createSandboxToken(platform.processorUrl, { number, ...goodThrough, cvc: number.startsWith('3') ? '1234' : '123', postalCode: '90650', holderName: 'Pat Payer' });
}

export function bankToken(platform: TestPlatform, accountNumber: string = BANK.accounts.settles): Promise<string> {
  return createSandboxToken(platform.processorUrl, { routingNumber: BANK.routingNumber, accountNumber, accountType: 'CHECKING', holderName: 'Pat Payer' });
}

export async function pay(client: GraphQLTestClient, input: Record<string, unknown>): Promise<MakePaymentResult> {
  return (await client.data<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, { input })).makePayment;
}

/** What staff do in the processor's own dashboard: void the charge of a payment (found under the payment's key) there. */
export async function voidAtProcessor(platform: TestPlatform, paymentId: string): Promise<void> {
  const processor = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 });
  const found = await processor.findChargeByIdempotencyKey(`payment-${paymentId}`);
  if (found.outcome !== 'OK' || !found.value) throw new Error(`no charge for payment ${paymentId}: ${JSON.stringify(found)}`);
  const voided = await processor.void({ idempotencyKey: `void-${paymentId}`, chargeId: found.value.id });
  if (voided.outcome !== 'OK') throw new Error(`the processor did not void payment ${paymentId}'s charge: ${JSON.stringify(voided)}`);
}

/** What staff do in the processor's own dashboard: refund `amountCents` of a payment's charge (found under the payment's key) there. */
export async function refundAtProcessor(platform: TestPlatform, paymentId: string, amountCents: bigint): Promise<void> {
  const processor = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 });
  const found = await processor.findChargeByIdempotencyKey(`payment-${paymentId}`);
  if (found.outcome !== 'OK' || !found.value) throw new Error(`no charge for payment ${paymentId}: ${JSON.stringify(found)}`);
  const refunded = await processor.refund({ idempotencyKey: `dashboard-refund-${randomUUID()}`, chargeId: found.value.id, amountCents });
  if (refunded.outcome !== 'OK') throw new Error(`the processor did not refund payment ${paymentId}'s charge: ${JSON.stringify(refunded)}`);
}

/** Every charge the sandbox processor made for this platform. */
export const processorCharges = (platform: TestPlatform) => listSandboxCharges(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY);

export async function amountDue(client: GraphQLTestClient, input: Record<string, unknown>): Promise<{ due: string; pending: string }> {
  const { lookupAccount } = await client.data<{ lookupAccount: { account: { amountDue: { amount: string }; pendingPayments: { amount: string } } | null } }>(ACCOUNT_LOOKUP, { input });
  if (!lookupAccount.account) throw new Error(`no account for ${JSON.stringify(input)}`);
  return { due: lookupAccount.account.amountDue.amount, pending: lookupAccount.account.pendingPayments.amount };
}

let keys = 0;
/**
 * A key no other test file's is: written in base 36, since tests put keys in emails and free text, where a run of 13 to
 * 19 decimal digits (a process id, a count and a time in milliseconds, joined) can be a card number and be refused.
 */
export const newKey = (label = 'pay') => `${label}-${[process.pid, ++keys, Date.now()].map((part) => part.toString(36)).join('-')}`;

/**
 * A test file's platform, started with `options` before its tests and closed
 * after them, with a resident (`email`) who has linked demo account
 * 10-1001-00 (one helper, so the wallet tests write the hooks once). Read the
 * fields inside tests: they exist once these hooks have run. `signInAgain()`
 * replaces `me` with a new session, for a test whose clock outran the first.
 */
export function platformWithDemoResident(
  options: TestPlatformOptions,
  email: string,
): { readonly platform: TestPlatform; readonly me: GraphQLTestClient; readonly accountId: string; signInAgain(): Promise<void> } {
  let platform: TestPlatform | undefined;
  let resident: { me: GraphQLTestClient; accountId: string } | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(options);
    const { customer, accountId } = await linkedResident(platform, 'norwalk', { email }, '10-1001-00', { serviceHouseNumber: '12700' });
    resident = { me: customer, accountId };
  });
  afterAll(async () => {
    await platform?.close();
  });
  return {
    get platform() {
      return platform!;
    },
    get me() {
      return resident!.me;
    },
    get accountId() {
      return resident!.accountId;
    },
    async signInAgain() {
      const { session } = await signIn(platform!.client.asTenant('norwalk'), email);
      if (!session) throw new Error(`${email} could not sign in again`);
      resident = { ...resident!, me: bearer(platform!.client.asTenant('norwalk'), session) };
    },
  };
}

/** A new Norwalk account owing one bill of $50.00 (numbered `billNumber`), paid in full by card today by a guest: CAPTURED. */
export async function accountPaidByCard(platform: TestPlatform, staff: GraphQLTestClient, billNumber: string, payerEmail: string) {
  const account = await openAccount(staff);
  expect((await importCsv(staff, `${BILL_HEADER}\n${billNumber},${account.accountNumber},2026-11-01,2026-12-10,50.00,0,0\n`)).imported).toBe(1);
  const { payment } = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: account.accountNumber, amount: '50.00' }],
    token: await cardToken(platform),
    payerEmail,
  });
  expect(payment?.status).toBe('CAPTURED');
  return { account, payment: payment! };
}
