import { startTestPlatform, type GraphQLTestClient, type TestPlatform, type TestPlatformOptions } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, bearer, latestToken, signIn } from '../customers/customer-api';

/* GraphQL documents and helpers shared by the billing tests. */

const MONEY = 'amount cents formatted';
const BALANCE_FIELDS = `balance { posted { ${MONEY} } pendingPayments { ${MONEY} } amountDueNow { ${MONEY} } credit { ${MONEY} } pastDue { ${MONEY} } daysPastDue nextDueDate }`;
const ACCOUNT_FIELDS = `id accountNumber customerName status serviceAddress { line1 city } ${BALANCE_FIELDS}`;
const USER_ERRORS = 'userErrors { field code message }';

export const LOOKUP = `mutation Lookup($input: LookupAccountInput!) {
  lookupAccount(input: $input) {
    account { serviceAccountId accountNumber maskedName maskedAddress status amountDue { amount formatted } pastDue { amount } pendingPayments { amount } dueDate }
    ${USER_ERRORS}
  }
}`;
export const OPEN_ACCOUNT = `mutation Open($input: OpenServiceAccountInput!) { openServiceAccount(input: $input) { serviceAccount { ${ACCOUNT_FIELDS} } ${USER_ERRORS} } }`;
const IMPORT_RESULT = `received imported alreadyImported rowErrorCount rowErrors { line field code message } ${USER_ERRORS}`;
export const IMPORT_CSV = `mutation ImportCsv($csv: String!) { importBillsCsv(input: { csv: $csv }) { ${IMPORT_RESULT} } }`;
export const IMPORT_LIST = `mutation Import($bills: [BillInput!]!) { importBills(input: { bills: $bills }) { ${IMPORT_RESULT} } }`;
const ACCOUNT = `query Account($id: UUID!) {
  serviceAccount(id: $id) {
    ${ACCOUNT_FIELDS}
    payables { kind referenceNumber issueDate dueDate total { amount } lineItems { category amount { amount } } }
    ledger(first: 50) { edges { node { kind amount { amount } effectiveDate recordedBy memo } } }
    statusHistory { fromStatus toStatus reason actor }
  }
}`;
export const MARK_DISCONNECTED = `mutation Disconnect($id: UUID!) { markAccountDisconnected(serviceAccountId: $id) { serviceAccount { status } ${USER_ERRORS} } }`;
export const APPROVE_RESTORATION = `mutation Approve($id: UUID!) { approveRestoration(serviceAccountId: $id) { serviceAccount { status } ${USER_ERRORS} } }`;
/** What MARK_DISCONNECTED and APPROVE_RESTORATION answer. */
export type AccountChanged = { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };
/** `staff`'s record that an account's service was cut off: its status after, or why not. */
export async function markDisconnectedBy(staff: GraphQLTestClient, serviceAccountId: string): Promise<AccountChanged> {
  return (await staff.data<{ markAccountDisconnected: AccountChanged }>(MARK_DISCONNECTED, { id: serviceAccountId })).markAccountDisconnected;
}
/** `staff`'s approval of an account's restoration: its status after, or why not. */
export async function approveRestorationBy(staff: GraphQLTestClient, serviceAccountId: string): Promise<AccountChanged> {
  return (await staff.data<{ approveRestoration: AccountChanged }>(APPROVE_RESTORATION, { id: serviceAccountId })).approveRestoration;
}
export const ADJUST = `mutation Adjust($input: AccountAdjustmentInput!) { recordAccountAdjustment(input: $input) { entry { id kind amount { amount } memo } ${USER_ERRORS} } }`;

interface MoneyShape {
  readonly amount: string;
  readonly cents: string;
  readonly formatted: string;
}
export interface BalanceShape {
  readonly posted: MoneyShape;
  readonly pendingPayments: MoneyShape;
  readonly amountDueNow: MoneyShape;
  readonly credit: MoneyShape;
  readonly pastDue: MoneyShape;
  readonly daysPastDue: number;
  readonly nextDueDate: string | null;
}
export interface AccountShape {
  readonly id: string;
  readonly accountNumber: string;
  readonly customerName: string;
  readonly status: string;
  readonly balance: BalanceShape;
}
export interface ImportResult {
  readonly received: number;
  readonly imported: number;
  readonly alreadyImported: number;
  readonly rowErrorCount: number;
  readonly rowErrors: { line: number; field: string | null; code: string; message: string }[];
  readonly userErrors: { field: string[]; code: string; message: string }[];
}

let staffCount = 0;

/**
 * A signed-in staff client for a city, made the way a real city does it: the
 * platform operator invites an ADMIN (or the ADMIN a SUPPORT user), who sets a
 * password from the emailed token and signs in. The token is read from the
 * outbox by default; where delivery runs as soon as a message is queued (and
 * forgets a sent message's token), `invitationToken` reads it from the email.
 */
export async function signInStaff(
  platform: TestPlatform,
  slug: string,
  role: 'ADMIN' | 'SUPPORT' = 'ADMIN',
  invitationToken: (email: string) => Promise<string> = (email) => latestToken(platform, slug, email, 'STAFF_INVITATION'),
): Promise<GraphQLTestClient> {
  staffCount++;
  const email = `staff${staffCount}@${slug}.example`;
  const username = slug === 'norman' ? `staff_${staffCount}` : undefined;
  const created = await platform.operator.asTenant(slug).data<{ createStaffUser: { userErrors: unknown[] } }>(CREATE_STAFF, { input: { email, username, name: `Staff ${staffCount}`, role } });
  if (created.createStaffUser.userErrors.length > 0) throw new Error(JSON.stringify(created.createStaffUser.userErrors));
  const token = await invitationToken(email);
  await platform.client.asTenant(slug).data(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  const login = await signIn(platform.client.asTenant(slug), username ?? email);
  if (!login.session) throw new Error(`staff sign-in failed: ${JSON.stringify(login.userErrors)}`);
  return bearer(platform.client.asTenant(slug), login.session);
}

/** `signInStaff` for each role, one after another: a new staff member each, in the order of `roles`. */
export async function signInStaffMembers<const Roles extends readonly ('ADMIN' | 'SUPPORT')[]>(platform: TestPlatform, slug: string, roles: Roles): Promise<{ [K in keyof Roles]: GraphQLTestClient }> {
  const signedIn: GraphQLTestClient[] = [];
  for (const role of roles) signedIn.push(await signInStaff(platform, slug, role));
  return signedIn as { [K in keyof Roles]: GraphQLTestClient };
}

/**
 * A test file's platform, started with `options` before its tests and closed
 * after them. Its hooks run where they are registered: a `beforeAll` written
 * after this call finds the platform started. Read `platform` inside tests or
 * later hooks: it exists once the hook has run.
 */
export function platformForFile(options: TestPlatformOptions = {}): { readonly platform: TestPlatform } {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(options);
  });
  afterAll(async () => {
    await platform?.close();
  });
  return {
    get platform() {
      return platform!;
    },
  };
}

/**
 * `platformForFile` with one of a city's staff signed in as `staff`, in
 * `role`. `signInAgain()` signs in a new staff member of the same city and
 * role in its place (and answers it), for a test whose clock has moved past
 * the first one's session.
 */
export function platformWithStaff(
  slug: string,
  role: 'ADMIN' | 'SUPPORT',
  options: TestPlatformOptions = {},
): { readonly platform: TestPlatform; readonly staff: GraphQLTestClient; signInAgain(): Promise<GraphQLTestClient> } {
  const started = platformForFile(options);
  let staff: GraphQLTestClient | undefined;
  beforeAll(async () => {
    staff = await signInStaff(started.platform, slug, role);
  });
  return {
    get platform() {
      return started.platform;
    },
    get staff() {
      return staff!;
    },
    async signInAgain() {
      staff = await signInStaff(started.platform, slug, role);
      return staff;
    },
  };
}

/**
 * `platformForFile` with a Norwalk SUPPORT clerk and ADMIN signed in (one
 * helper, so the files that act as both write the hooks once).
 */
export function platformWithNorwalkStaff(options: TestPlatformOptions): { readonly platform: TestPlatform; readonly support: GraphQLTestClient; readonly admin: GraphQLTestClient } {
  const started = platformForFile(options);
  let support: GraphQLTestClient | undefined;
  let admin: GraphQLTestClient | undefined;
  beforeAll(async () => {
    support = await signInStaff(started.platform, 'norwalk', 'SUPPORT');
    admin = await signInStaff(started.platform, 'norwalk', 'ADMIN');
  });
  return {
    get platform() {
      return started.platform;
    },
    get support() {
      return support!;
    },
    get admin() {
      return admin!;
    },
  };
}

let accountCount = 0;

/** Opens a fresh account through the staff API; returns it with its (empty) balance. */
export async function openAccount(staff: GraphQLTestClient, overrides: Record<string, unknown> = {}): Promise<AccountShape> {
  accountCount++;
  const input = {
    accountNumber: `77-${String(accountCount).padStart(4, '0')}-00`,
    customerName: 'Jane Q Smith',
    addressLine1: '12345 Imperial Hwy',
    city: 'Norwalk',
    region: 'CA',
    postalCode: '90650',
    ...overrides,
  };
  const { openServiceAccount } = await staff.data<{ openServiceAccount: { serviceAccount: AccountShape | null; userErrors: unknown[] } }>(OPEN_ACCOUNT, { input });
  if (!openServiceAccount.serviceAccount) throw new Error(JSON.stringify(openServiceAccount.userErrors));
  return openServiceAccount.serviceAccount;
}

export async function importCsv(staff: GraphQLTestClient, csv: string): Promise<ImportResult> {
  return (await staff.data<{ importBillsCsv: ImportResult }>(IMPORT_CSV, { csv })).importBillsCsv;
}

export async function accountById(staff: GraphQLTestClient, id: string) {
  return (await staff.data<{ serviceAccount: AccountShape & Record<string, unknown> }>(ACCOUNT, { id })).serviceAccount;
}

const SEARCH_ACCOUNTS = 'query Search($search: String) { serviceAccounts(search: $search, first: 20) { edges { node { accountNumber } } } }';

/** The numbers of the accounts staff find with the console's search box (a first page of 20, in number order). */
export async function accountNumbersFound(staff: GraphQLTestClient, search: string): Promise<string[]> {
  const found = await staff.data<{ serviceAccounts: { edges: { node: { accountNumber: string } }[] } }>(SEARCH_ACCOUNTS, { search });
  return found.serviceAccounts.edges.map((edge) => edge.node.accountNumber);
}

export const BILL_HEADER = 'bill_number,account_number,issue_date,due_date,water,sewer,trash';
/** A charges file's header: citations and other charges, one amount each. */
export const CHARGES_HEADER = 'bill_number,account_number,kind,issue_date,due_date,other,description';

/**
 * A cursor a list gave out, with `key` in place of its own: what a client
 * can write by hand, a cursor being base64url JSON of its list's name, a
 * digest of its scope, then the key.
 */
export function withCursorKey(cursor: string, key: readonly string[]): string {
  const [list, scope] = cursorParts(cursor);
  return Buffer.from(JSON.stringify([list, scope, ...key])).toString('base64url');
}

/** What a list's cursor says, as anyone holding it can read: the list's name, a digest of its scope, then the key. */
export function cursorParts(cursor: string): unknown[] {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
}

/** An ADMIN's close of an account, answering its status (CLOSED) or why not. */
export const CLOSE_ACCOUNT = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { field code message } } }';
export type ClosedAccount = { closeServiceAccount: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
