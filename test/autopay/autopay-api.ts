import { spawn } from 'node:child_process';
import path from 'node:path';
import { withTenant } from '@platform/db';
import { SANDBOX_TEST_CARDS, createSandboxToken, listSandboxCharges } from '@platform/processor-sandbox';
import { TEST_PROCESSOR_SECRET_KEY, type FixedClock, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { IMPORT_LIST, OPEN_ACCOUNT, signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer, serviceHouseNumber, signIn, tenantRows } from '../customers/customer-api';
import { link } from '../customers/linked-resident';
import { BANK, bankToken } from '../payments/payments-api';

/* GraphQL documents and helpers shared by the autopay tests. */

const USER_ERRORS = 'userErrors { field code message }';
const AUTOPAY_FIELDS = 'status label method { id kind brand last4 expMonth expYear expiresBeforeNextDeduction } nextDeductionDate maxAmount { amount } suspendedReason enrolledAt';
const DEDUCTION_FIELDS = 'amount { amount } fee { amount } total { amount } paymentLimit { amount }';
const PAYLOAD = `autopay { ${AUTOPAY_FIELDS} } currentCycleCovered amountDue { amount formatted } firstDeductionDate thisMonth deduction { ${DEDUCTION_FIELDS} } notice ${USER_ERRORS}`;
export const ENROLL = `mutation Enroll($input: AutopayInput!) { enrollAutopay(input: $input) { ${PAYLOAD} } }`;
export const UPDATE = `mutation Update($input: AutopayInput!) { updateAutopay(input: $input) { ${PAYLOAD} } }`;
export const CANCEL = `mutation Cancel($id: UUID!) { cancelAutopay(serviceAccountId: $id) { autopay { ${AUTOPAY_FIELDS} } ${USER_ERRORS} } }`;
const MY_ACCOUNTS = `{ viewer { serviceAccounts { id accountNumber balance { amountDueNow { amount } } autopay { ${AUTOPAY_FIELDS} } } } }`;
const RUN_FIELDS = 'id runDate trigger actor startedAt finishedAt summary { charged failed suspended skipped awaitingProcessor amountCharged { amount } }';
const OUTCOME_FIELDS = 'serviceAccountId accountNumber cycle attempt kind reason amount { amount } paymentId nextAttemptOn';
export const RUN_AUTOPAY = `mutation Run($date: LocalDate!) { runAutopay(date: $date) { run { ${RUN_FIELDS} outcomes(first: 500) { edges { node { ${OUTCOME_FIELDS} } } } } ${USER_ERRORS} } }`;
// Pages sized for the tests' few runs: 50 runs of 500 outcomes each is past the gateway's cost limit.
export const RUNS = `{ autopayRuns(first: 10) { edges { node { ${RUN_FIELDS} outcomes(first: 50) { edges { node { ${OUTCOME_FIELDS} } } } } } } }`;
export const ENROLLMENTS = `query Enrollments($status: AutopayStatus) {
  autopayEnrollments(status: $status, first: 100) { edges { node { customerId firstDeductionDate serviceAccount { accountNumber } autopay { ${AUTOPAY_FIELDS} } } } pageInfo { hasNextPage } }
}`;

export interface UserErrorShape {
  readonly field: string[];
  readonly code: string;
  readonly message: string;
}
export interface AutopayShape {
  readonly status: string;
  readonly label: string;
  readonly method: { id: string; kind: string; brand: string | null; last4: string; expMonth: number | null; expYear: number | null; expiresBeforeNextDeduction: boolean } | null;
  readonly nextDeductionDate: string | null;
  readonly maxAmount: { amount: string } | null;
  readonly suspendedReason: string | null;
}
export interface AutopayPayload {
  readonly autopay: AutopayShape | null;
  readonly currentCycleCovered: boolean | null;
  readonly amountDue: { amount: string; formatted: string } | null;
  readonly firstDeductionDate: string | null;
  readonly thisMonth: 'WILL_PAY' | 'NOTHING_DUE' | 'OVER_MAXIMUM' | 'OVER_PAYMENT_LIMIT' | 'NOT_COVERED' | null;
  readonly deduction: { amount: { amount: string }; fee: { amount: string }; total: { amount: string }; paymentLimit: { amount: string } } | null;
  readonly notice: string | null;
  readonly userErrors: UserErrorShape[];
}
export interface OutcomeShape {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  readonly cycle: string;
  readonly attempt: number;
  readonly kind: string;
  readonly reason: string | null;
  readonly amount: { amount: string } | null;
  readonly paymentId: string | null;
  readonly nextAttemptOn: string | null;
}
export interface RunShape {
  readonly id: string;
  readonly runDate: string;
  readonly trigger: string;
  readonly finishedAt: string | null;
  readonly summary: { charged: number; failed: number; suspended: number; skipped: number; awaitingProcessor: number; amountCharged: { amount: string } };
  readonly outcomes: { edges: { node: OutcomeShape }[] };
}

export const CARDS = SANDBOX_TEST_CARDS;

/**
 * A signed-in Norwalk-style customer: registers (email sign-in), links the
 * accounts by number, saves a card through the sandbox's hosted form.
 * `client()` signs in again, because access tokens live 15 minutes of the
 * platform's clock and the tests move it by days.
 */
export interface Customer {
  readonly email: string;
  readonly userId: string;
  readonly accounts: Record<string, string>;
  readonly cardId: string;
  client(): Promise<GraphQLTestClient>;
}

export async function newCustomer(
  platform: TestPlatform,
  options: { email: string; accounts: string[]; card?: string; expMonth?: number; expYear?: number; locale?: 'EN' | 'ES'; slug?: string; proveEmail?: boolean },
): Promise<Customer> {
  const slug = options.slug ?? 'norwalk';
  const tenant = platform.client.asTenant(slug);
  const { session, user } = await registerCustomer(tenant, { email: options.email, ...(options.locale && { locale: options.locale }) }, { proveEmail: options.proveEmail });
  const me = bearer(tenant, session);
  const accounts: Record<string, string> = {};
  for (const accountNumber of options.accounts) accounts[accountNumber] = await link(me, accountNumber, { serviceHouseNumber: await serviceHouseNumber(platform, slug, accountNumber) });
  const cardId = await saveCard(platform, me, options.card ?? CARDS.visa, options.expMonth ?? 12, options.expYear ?? 2030);
  return {
    email: options.email,
    userId: user.id,
    accounts,
    cardId,
    async client() {
      const login = await signIn(tenant, options.email);
      if (!login.session) throw new Error(`sign-in failed: ${JSON.stringify(login.userErrors)}`);
      return bearer(tenant, login.session);
    },
  };
}

/** What the hosted form and savePaymentMethod do: the number goes to the processor only. */
export async function saveCard(platform: TestPlatform, me: GraphQLTestClient, number: string, expMonth = 12, expYear = 2030): Promise<string> {
  const token = await createSandboxToken(platform.processorUrl, { number, expMonth, expYear, cvc: number.startsWith('3') ? '1234' : '123', postalCode: '90650', holderName: 'Pat Payer' });
  return saveToken(me, token);
}

export async function saveToken(me: GraphQLTestClient, token: string): Promise<string> {
  const { savePaymentMethod } = await me.data<{ savePaymentMethod: { paymentMethod: { id: string } | null; userErrors: unknown[] } }>(
    'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }',
    { token },
  );
  if (!savePaymentMethod.paymentMethod) throw new Error(`could not save the method: ${JSON.stringify(savePaymentMethod.userErrors)}`);
  return savePaymentMethod.paymentMethod.id;
}

export async function enroll(me: GraphQLTestClient, input: { serviceAccountId: string; paymentMethodId: string; maxAmount?: string | null }): Promise<AutopayPayload> {
  return (await me.data<{ enrollAutopay: AutopayPayload }>(ENROLL, { input })).enrollAutopay;
}

/** Enrols a linked account on the customer's saved card (or the method given), signed in afresh; a refusal fails the test. */
export async function enrolAutopay(customer: Customer, serviceAccountId: string, options: { paymentMethodId?: string; maxAmount?: string } = {}): Promise<void> {
  const { paymentMethodId = customer.cardId, maxAmount } = options;
  const result = await enroll(await customer.client(), { serviceAccountId, paymentMethodId, ...(maxAmount && { maxAmount }) });
  expect(result.userErrors).toEqual([]);
}

/** The viewer's accounts with their autopay, by account number. */
export async function myAccounts(me: GraphQLTestClient): Promise<Record<string, { id: string; balance: { amountDueNow: { amount: string } }; autopay: AutopayShape }>> {
  const { viewer } = await me.data<{ viewer: { serviceAccounts: { id: string; accountNumber: string; balance: { amountDueNow: { amount: string } }; autopay: AutopayShape }[] } }>(MY_ACCOUNTS);
  return Object.fromEntries(viewer.serviceAccounts.map((a) => [a.accountNumber, a]));
}

/** A Norwalk account opened by staff with one March 2026 bill of `amount` (water), due on the 22nd. */
export async function openAccountWithBill(platform: TestPlatform, accountNumber: string, amount: string): Promise<void> {
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const opened = await staff.data<{ openServiceAccount: { userErrors: unknown[] } }>(OPEN_ACCOUNT, {
    input: { accountNumber, customerName: 'Paul Reyes', addressLine1: '12345 Firestone Blvd', city: 'Norwalk', region: 'CA', postalCode: '90650' },
  });
  if (opened.openServiceAccount.userErrors.length > 0) throw new Error(`could not open ${accountNumber}: ${JSON.stringify(opened.openServiceAccount.userErrors)}`);
  await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B-${accountNumber}`, accountNumber, issueDate: '2026-03-01', dueDate: '2026-03-22', water: amount }] });
}

/** What a customer's account owes now, as their portal shows it ("88.05"). */
export async function amountDueNow(customer: Customer, accountNumber: string): Promise<string> {
  const account = (await myAccounts(await customer.client()))[accountNumber];
  if (!account) throw new Error(`${customer.email} has no account ${accountNumber}`);
  return account.balance.amountDueNow.amount;
}

/** An amount as the API writes it ("88.05") in cents, as the database keeps it ("8805"). */
export const centsOf = (amount: string) => BigInt(amount.replace('.', '')).toString();

/** Moves the platform's clock (and the sandbox's, which shares it) to an instant. */
export const at = (clock: FixedClock, iso: string) => clock.set(new Date(iso));

/** Every charge the sandbox processor really made. */
export const processorCharges = (platform: TestPlatform) => listSandboxCharges(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY);

export interface NoticeShape {
  readonly recipient: string;
  readonly locale: string;
  readonly template: string;
  readonly data: Record<string, string>;
}

/** Autopay notices waiting in a city's outbox, oldest first. */
export function autopayNotices(platform: TestPlatform, slug: string, recipient: string): Promise<NoticeShape[]> {
  return tenantRows<NoticeShape>(platform, slug, `SELECT recipient, locale, template, data FROM notification_outbox WHERE recipient = $1 AND template LIKE 'AUTOPAY_%' ORDER BY created_at, id`, [
    recipient,
  ]);
}

/**
 * The SQL statements the gateway sends while `work` runs, seen through its
 * own DataSource's query log (every statement passes there, logging on or
 * off). Jobs and other requests running at the same time would show too:
 * count only the tables the work is about.
 */
export async function statementsDuring(platform: TestPlatform, work: () => Promise<unknown>): Promise<string[]> {
  const logger = platform.db.logger;
  const original = logger.logQuery.bind(logger);
  const statements: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    statements.push(query);
    original(query, parameters, runner);
  };
  try {
    await work();
    return statements;
  } finally {
    logger.logQuery = original;
  }
}

/** Every autopay payment of a city with its account, from the payments service's tables (read as the app role). */
export function autopayPayments(platform: TestPlatform, slug: string): Promise<{ id: string; status: string; idempotency_key: string; service_account_id: string; amount_cents: string }[]> {
  return tenantRows(
    platform,
    slug,
    `SELECT p.id, p.status, p.idempotency_key, l.service_account_id, p.amount_cents::text AS amount_cents
       FROM payments p JOIN payment_lines l ON l.payment_id = p.id WHERE p.idempotency_key LIKE 'autopay/%' ORDER BY p.made_at, p.id`,
  );
}

/** Each attempt autopay made on a customer's account, oldest first: its cycle and attempt number ("2026-03/2"), and how it ended. */
export const attemptsOn = async (platform: TestPlatform, customer: Customer, account: string): Promise<string[][]> =>
  (await autopayPayments(platform, 'norwalk')).filter((p) => p.service_account_id === customer.accounts[account]).map((p) => [p.idempotency_key.split('/').slice(2).join('/'), p.status]);

/**
 * `count` accounts of a city, each owing `amountCents`, linked to and
 * enrolled by one customer with one saved method, written in bulk as the
 * app role (as a city's data would have accumulated).
 */
export async function seedEnrolledAccounts(
  platform: TestPlatform,
  slug: string,
  options: { count: number; prefix: string; userId: string; savedMethodId: string; firstCycle: string; amountCents: bigint },
): Promise<string[]> {
  const [tenant] = await platform.db.query<{ id: string }[]>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const numbers = Array.from({ length: options.count }, (_, i) => `${options.prefix}${String(i).padStart(6, '0')}`);
  return withTenant({ db: platform.db, tenant: { id: tenant.id } }, async (manager) => {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
       SELECT $1, gen_random_uuid(), n, n, 'Autopay Resident', '1 Autopay St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n
       RETURNING id`,
      [tenant.id, numbers],
    );
    const ids = rows.map((row) => row.id);
    await manager.query(
      `INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, recorded_at, recorded_by)
       SELECT $1, gen_random_uuid(), a, 'BILL_ISSUED', $3, '2026-01-01', '2026-01-22', now(), 'test' FROM unnest($2::uuid[]) AS a`,
      [tenant.id, ids, options.amountCents.toString()],
    );
    await manager.query(`INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT $1, $3, a, now() FROM unnest($2::uuid[]) AS a`, [tenant.id, ids, options.userId]);
    await manager.query(
      `INSERT INTO autopay_enrollments (tenant_id, service_account_id, user_id, saved_method_id, max_amount_cents, status, first_cycle, enrolled_at, updated_at)
       SELECT $1, a, $3, $4, NULL, 'ENROLLED', $5, now(), now() FROM unnest($2::uuid[]) AS a`,
      [tenant.id, ids, options.userId, options.savedMethodId, options.firstCycle],
    );
    return ids;
  });
}

/** The built CLI's `autopay:run` for Norwalk on `date`, in its own process against this file's database and sandbox, as an operator starts it (with `extraEnv` set besides). */
export function startAutopayCli(
  platform: TestPlatform,
  date: string,
  extraEnv: Readonly<Record<string, string>> = {},
): { exited: Promise<{ code: number | null; signal: string | null; stdout: string }>; signal(name: NodeJS.Signals): void } {
  const env = {
    ...process.env,
    DATABASE_URL: platform.settings.adminUrl,
    DATABASE_NAME: platform.settings.databaseName,
    PROCESSOR_URL: platform.processorUrl,
    PROCESSOR_SECRET_KEY: TEST_PROCESSOR_SECRET_KEY,
    LOG_LEVEL: 'silent',
    // A few charges at a time, not the configured default of 64: a signal sent once some are made lands mid-run.
    AUTOPAY_CHARGE_CONCURRENCY: '4',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [AUTOPAY_CLI, 'autopay:run', '--slug', 'norwalk', '--date', date], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { exited, signal: (name) => child.kill(name) };
}

const AUTOPAY_CLI = path.join(__dirname, '../../services/gateway/dist/cli.js');

/**
 * A customer enrolled with a bank account whose first debit (March 15) the bank returns R02 on March 18, when the
 * city blocks the bank account (the city must take bank accounts for autopay). Leaves the clock at March 18.
 */
export async function enrolledOnReturnedBankAccount(
  platform: TestPlatform,
  clock: FixedClock,
  accountNumber: string,
  email: string,
): Promise<{ readonly customer: Customer; readonly accountId: string; readonly bankId: string }> {
  await openAccountWithBill(platform, accountNumber, '40.00');
  const customer = await newCustomer(platform, { email, accounts: [accountNumber] });
  const accountId = customer.accounts[accountNumber]!;
  const bankId = await saveToken(await customer.client(), await bankToken(platform, BANK.accounts.returnsAccountClosed));
  const enrolled = await enroll(await customer.client(), { serviceAccountId: accountId, paymentMethodId: bankId });
  if (enrolled.userErrors.length > 0) throw new Error(`not enrolled: ${JSON.stringify(enrolled.userErrors)}`);
  at(clock, '2026-03-15T18:00:00Z');
  await platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  at(clock, '2026-03-16T18:00:00Z');
  await platform.runJob('payments.post');
  at(clock, '2026-03-18T18:00:00Z');
  await platform.runJob('payments.settle-echecks');
  return { customer, accountId, bankId };
}
