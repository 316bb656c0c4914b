import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { link, linkedResident } from './linked-resident';
import { GOOD_PASSWORD, bearer, registerCustomer, serviceHouseNumber, tenantRows } from './customer-api';
import { deliverUntil, platformWithMailCatcher } from '../notifications/notification-api';
import { CLOSE_ACCOUNT, IMPORT_LIST, openAccount, signInStaff, type ClosedAccount, type ImportResult } from '../billing/billing-api';

/*
 * Paperless billing (e-bills): a resident who holds an account and proved their address stops its paper bill; the
 * city's print vendor gets the accounts not to print. Invoice Cloud and Paymentus sell cities exactly this. The rule
 * that matters most: never an account with neither paper nor email, so the choice stands only while its holder's bill
 * emails reach them, and it ends (told, audited) when they stop.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url } }));
const TELL = 'customers.new-bill-notices';
const LAPSES = 'customers.paperless-lapses';
let admin: GraphQLTestClient;
/** A resident of an earlier test, to ask staff's questions as a resident. */
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

const PAPERLESS_FIELDS = 'paperless { offered inForce chosenByYou chosenAt email blockedBy }';
const CHOOSE = `mutation C($id: UUID!) { choosePaperlessBilling(serviceAccountId: $id) { serviceAccount { id ${PAPERLESS_FIELDS} } userErrors { field code message } } }`;
const PAPER = `mutation P($id: UUID!) { choosePaperBills(serviceAccountId: $id) { serviceAccount { id ${PAPERLESS_FIELDS} } userErrors { field code message } } }`;
const MY_ACCOUNTS = `{ viewer { serviceAccounts { id accountNumber ${PAPERLESS_FIELDS} } } }`;
const LIST = 'query L($first: Int, $after: String) { paperlessAccounts(first: $first, after: $after) { edges { cursor node { accountNumber holders since } } pageInfo { hasNextPage endCursor } } }';
const CSV = '{ paperlessAccountsCsv }';
const CHANGES = 'query C($since: DateTimeISO!) { paperlessChanges(since: $since, first: 100) { edges { node { accountNumber change reason changedAt } } } }';
const REPORT = '{ paperlessReport { offered accountsPaperless holdersPaperless choicesNotInForce } }';
const SAVE_PREFERENCES = 'mutation P($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { userErrors { code } } }';

interface Paperless {
  offered: boolean;
  inForce: boolean;
  chosenByYou: boolean;
  chosenAt: string | null;
  email: string | null;
  blockedBy: string | null;
}
type Chosen = { serviceAccount: { id: string; paperless: Paperless } | null; userErrors: { field: string[]; code: string; message: string }[] };

const choose = async (me: GraphQLTestClient, id: string) => (await me.data<{ choosePaperlessBilling: Chosen }>(CHOOSE, { id })).choosePaperlessBilling;
const choosePaper = async (me: GraphQLTestClient, id: string) => (await me.data<{ choosePaperBills: Chosen }>(PAPER, { id })).choosePaperBills;
const paperlessOf = async (me: GraphQLTestClient, id: string): Promise<Paperless> =>
  (await me.data<{ viewer: { serviceAccounts: { id: string; paperless: Paperless }[] } }>(MY_ACCOUNTS)).viewer.serviceAccounts.find((account) => account.id === id)!.paperless;
const printList = async (): Promise<string[]> =>
  (await admin.data<{ paperlessAccounts: { edges: { node: { accountNumber: string } }[] } }>(LIST, { first: 100 })).paperlessAccounts.edges.map((edge) => edge.node.accountNumber);
const changesOf = async (accountNumber: string) =>
  (await admin.data<{ paperlessChanges: { edges: { node: { accountNumber: string; change: string; reason: string } }[] } }>(CHANGES, { since: '2026-01-01T00:00:00Z' })).paperlessChanges.edges
    .map((edge) => edge.node)
    .filter((node) => node.accountNumber === accountNumber)
    .map(({ change, reason }) => `${change} ${reason}`);
const auditOf = (userId: string) =>
  tenantRows<{ kind: string; actor: string; reason: string | null }>(
    mail.platform,
    'norwalk',
    "SELECT kind, actor, detail->>'reason' AS reason FROM security_events WHERE user_id = $1 AND kind LIKE 'PAPER%' ORDER BY occurred_at, kind",
    [userId],
  );

/** Delivers what is queued; the emails that reached `email` whose subject matches. */
async function emailsTo(email: string, subject: RegExp) {
  const waiting = () => tenantRows<{ n: number }>(mail.platform, 'norwalk', "SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'PENDING'");
  await deliverUntil(mail.platform, async () => (await waiting())[0]?.n === 0);
  return mail.smtp.accepted.filter((m) => m.envelopeTo.includes(email) && subject.test(m.parsed.subject ?? ''));
}
const paperResumedEmailsTo = (email: string) => emailsTo(email, /^(Paper bills by mail again|Facturas en papel por correo postal de nuevo)/);

async function importBill(accountNumber: string, billNumber: string): Promise<void> {
  const bill = { accountNumber, billNumber, issueDate: '2026-11-20', dueDate: '2026-12-20', water: '41.25', sewer: '20.00', trash: '12.50' };
  const { importBills: result } = await admin.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [bill] });
  expect(result.userErrors).toEqual([]);
}

/** A resident of Norwalk who proved their address and linked a new account: their client, id and the account's id. */
/** An hour on, staff signed in again: this file registers more residents than one address may in an hour. */
async function anHourOn(): Promise<void> {
  clock.advance(3_600_000);
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
}

async function holder(email: string, accountNumber: string, locale: 'EN' | 'ES' = 'EN') {
  const { customer, accountId } = await linkedResident(mail.platform, 'norwalk', { email, locale }, accountNumber);
  const [user] = await tenantRows<{ id: string }>(mail.platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', [email]);
  return { customer, accountId, userId: user!.id };
}

it('a holder goes paperless and back: consent kept and audited, the account leaves the print list and its changes, and its bill email says it is the bill', async () => {
  await openAccount(admin, { accountNumber: '88-8101-00', addressLine1: '8101 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  const { customer, accountId, userId } = await holder('paperless.en@example.com', '88-8101-00');

  expect(await paperlessOf(customer, accountId)).toEqual({ offered: true, inForce: false, chosenByYou: false, chosenAt: null, email: 'paperless.en@example.com', blockedBy: null });
  const chosen = await choose(customer, accountId);
  expect(chosen.userErrors).toEqual([]);
  expect(chosen.serviceAccount?.paperless).toEqual({ offered: true, inForce: true, chosenByYou: true, chosenAt: clock.now().toISOString(), email: 'paperless.en@example.com', blockedBy: null });
  // Chosen twice (a double click): one consent, one change.
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  expect(await auditOf(userId)).toEqual([{ kind: 'PAPERLESS_CHOSEN', actor: userId, reason: null }]);

  expect(await printList()).toContain('88-8101-00');
  expect((await admin.data<{ paperlessAccountsCsv: string }>(CSV)).paperlessAccountsCsv.split('\r\n')).toEqual(expect.arrayContaining(['account_number', '88-8101-00']));
  expect(await changesOf('88-8101-00')).toEqual(['PAPERLESS CHOSEN']);

  await importBill('88-8101-00', '88-8101-DEC');
  await mail.platform.runJob(TELL);
  const [bill] = await emailsTo('paperless.en@example.com', /^Your new bill/);
  expect(bill?.parsed.text).toContain('This email is your bill: you chose paperless billing, so no paper copy will be mailed.');

  clock.advance(60_000);
  const back = await choosePaper(customer, accountId);
  expect(back.userErrors).toEqual([]);
  expect(back.serviceAccount?.paperless).toMatchObject({ inForce: false, chosenByYou: false, blockedBy: null });
  expect(await printList()).not.toContain('88-8101-00');
  expect(await changesOf('88-8101-00')).toEqual(['PAPERLESS CHOSEN', 'PAPER CHOSEN']);
  expect(await auditOf(userId)).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: userId, reason: null },
    { kind: 'PAPER_CHOSEN', actor: userId, reason: null },
  ]);
});

it('is refused, with why, in the resident’s language, to a holder whose bill emails would not reach them, and to anyone not holding the account; nothing is written', async () => {
  await openAccount(admin, { accountNumber: '88-8201-00', addressLine1: '8201 Imperial Hwy' });
  const norwalk = mail.platform.client.asTenant('norwalk');
  const unproved = await registerCustomer(norwalk, { email: 'paperless.unproved@example.com', locale: 'ES' }, { proveEmail: false });
  const unprovedClient = bearer(norwalk, unproved.session).withHeaders({ 'accept-language': 'es' });
  const accountId = await link(unprovedClient, '88-8201-00', { serviceHouseNumber: await serviceHouseNumber(mail.platform, 'norwalk', '88-8201-00') });
  expect(await paperlessOf(unprovedClient, accountId)).toMatchObject({ inForce: false, email: null, blockedBy: 'EMAIL_UNPROVED' });
  expect((await choose(unprovedClient, accountId)).userErrors).toEqual([
    {
      field: ['serviceAccountId'],
      code: 'EMAIL_NOT_PROVED',
      message: 'Primero confirme su correo electrónico (abra el enlace que le enviamos): las facturas en papel se detienen solo cuando sus facturas pueden llegarle por correo electrónico.',
    },
  ]);

  const { customer: quiet, userId: quietId } = await holder('paperless.quiet@example.com', '88-8201-00');
  await quiet.data(SAVE_PREFERENCES, { input: { billNotices: false } });
  expect(await paperlessOf(quiet, accountId)).toMatchObject({ blockedBy: 'BILL_NOTICES_OFF' });
  expect((await choose(quiet, accountId)).userErrors.map((error) => [error.field, error.code])).toEqual([[['serviceAccountId'], 'BILL_NOTICES_OFF']]);

  const { customer: stranger } = await holder('paperless.stranger@example.com', '88-8101-00');
  expect((await choose(stranger, accountId)).userErrors.map((error) => error.code)).toEqual(['ACCOUNT_NOT_LINKED']);
  expect((await choosePaper(stranger, accountId)).userErrors.map((error) => error.code)).toEqual(['ACCOUNT_NOT_LINKED']);

  expect(await printList()).not.toContain('88-8201-00');
  expect(await tenantRows(mail.platform, 'norwalk', 'SELECT 1 FROM paperless_choices WHERE service_account_id = $1', [accountId])).toEqual([]);
  expect(await auditOf(quietId)).toEqual([]);
});

it('switching bill emails off returns the account to paper at once; the pass tells the resident and audits it', async () => {
  await openAccount(admin, { accountNumber: '88-8301-00', addressLine1: '8301 Imperial Hwy' });
  const { customer, accountId, userId } = await holder('paperless.off@example.com', '88-8301-00', 'ES');
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  expect(await printList()).toContain('88-8301-00');

  clock.advance(60_000);
  await customer.data(SAVE_PREFERENCES, { input: { billNotices: false } });
  // Printed from the moment the switch is off, before any pass: never an account with neither paper nor email.
  expect(await printList()).not.toContain('88-8301-00');
  expect(await paperlessOf(customer, accountId)).toMatchObject({ inForce: false, chosenByYou: false, blockedBy: 'BILL_NOTICES_OFF' });

  await mail.platform.runJob(LAPSES);
  const [told, ...more] = await paperResumedEmailsTo('paperless.off@example.com');
  expect(more).toEqual([]);
  expect(told?.parsed.text).toContain('Volveremos a enviar por correo postal las facturas de la cuenta terminada en 0 1 0 0, porque usted desactivó los correos de facturas nuevas.');
  expect(await auditOf(userId)).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: userId, reason: null },
    { kind: 'PAPERLESS_ENDED', actor: 'system', reason: 'BILL_NOTICES_OFF' },
  ]);
  expect(await changesOf('88-8301-00')).toEqual(['PAPERLESS CHOSEN', 'PAPER BILL_NOTICES_OFF']);
  // The next pass finds nothing more to end nor tell.
  await mail.platform.runJob(LAPSES);
  expect(await paperResumedEmailsTo('paperless.off@example.com')).toHaveLength(1);
});

it('two holders: the account stays paperless while one still gets its emails; an unlink and a bounce end each choice, the last sends the account back to paper', async () => {
  await openAccount(admin, { accountNumber: '88-8401-00', addressLine1: '8401 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  const first = await holder('paperless.first@example.com', '88-8401-00');
  const second = await holder('paperless.second@example.com', '88-8401-00');
  expect((await choose(first.customer, first.accountId)).userErrors).toEqual([]);
  expect((await choose(second.customer, second.accountId)).userErrors).toEqual([]);

  // The first unlinks: their choice ends with the link, told that the other holder still gets the bills.
  await first.customer.data('mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', { id: first.accountId });
  expect(await printList()).toContain('88-8401-00');
  const [shared] = await paperResumedEmailsTo('paperless.first@example.com');
  expect(shared?.parsed.text).toContain('Another holder of the account still gets its bills by email, so no paper bill will be mailed.');
  expect(await auditOf(first.userId)).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: first.userId, reason: null },
    { kind: 'PAPERLESS_ENDED', actor: first.userId, reason: 'UNLINKED' },
  ]);

  clock.advance(60_000);
  // The second's mailbox is gone: the bill's email bounces, the address is undeliverable, the account is printed.
  mail.smtp.refuseRecipient = (to) => (to === 'paperless.second@example.com' ? { code: 550, message: '5.1.1 Mailbox unavailable' } : null);
  try {
    await importBill('88-8401-00', '88-8401-DEC');
    await mail.platform.runJob(TELL);
    await emailsTo('paperless.second@example.com', /./);
  } finally {
    mail.smtp.refuseRecipient = () => null;
  }
  expect(await printList()).not.toContain('88-8401-00');
  await mail.platform.runJob(LAPSES);
  expect(await auditOf(second.userId)).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: second.userId, reason: null },
    { kind: 'PAPERLESS_ENDED', actor: 'system', reason: 'EMAIL_UNDELIVERABLE' },
  ]);
  // Not told by email: that address takes none.
  expect(await tenantRows(mail.platform, 'norwalk', "SELECT 1 FROM notification_outbox WHERE template = 'PAPERLESS_ENDED' AND recipient = 'paperless.second@example.com'")).toEqual([]);
  expect(await changesOf('88-8401-00')).toEqual(['PAPERLESS CHOSEN', 'PAPER EMAIL_UNDELIVERABLE']);
});

it('a bill email given up on without a bounce (every try refused for now, the tries spent) sends the account back to paper', async () => {
  // Found by review: only a bounce counted, so a bill that failed for good otherwise reached nobody, by paper or email.
  await anHourOn();
  await openAccount(admin, { accountNumber: '88-9601-00', addressLine1: '9601 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  const { customer, accountId } = await holder('paperless.retries@example.com', '88-9601-00');
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  expect(await printList()).toContain('88-9601-00');

  clock.advance(60_000);
  mail.smtp.refuseRecipient = (to) => (to === 'paperless.retries@example.com' ? { code: 451, message: '4.3.0 Mailbox busy, try again later' } : null);
  try {
    await importBill('88-9601-00', '88-9601-DEC');
    await mail.platform.runJob(TELL);
    await emailsTo('paperless.retries@example.com', /./);
  } finally {
    mail.smtp.refuseRecipient = () => null;
  }
  expect(await tenantRows(mail.platform, 'norwalk', "SELECT status FROM notification_outbox WHERE template = 'BILL_ISSUED' AND recipient = 'paperless.retries@example.com'")).toEqual([
    { status: 'FAILED' },
  ]);
  expect(await printList()).not.toContain('88-9601-00');
  expect(await paperlessOf(customer, accountId)).toMatchObject({ inForce: false, blockedBy: 'EMAIL_UNDELIVERABLE' });
});

it('a holder who closes their online account takes their paperless choice with it, in the closing itself: the account is printed and its change recorded at once', async () => {
  await anHourOn();
  await openAccount(admin, { accountNumber: '88-9701-00', addressLine1: '9701 Imperial Hwy' });
  const { customer, accountId, userId } = await holder('paperless.leaving@example.com', '88-9701-00');
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  clock.advance(60_000);
  const closed = await customer.data<{ closeMyAccount: { userErrors: unknown[] } }>('mutation C($input: CloseMyAccountInput!) { closeMyAccount(input: $input) { userErrors { code } } }', {
    input: { currentPassword: GOOD_PASSWORD },
  });
  expect(closed.closeMyAccount.userErrors).toEqual([]);
  // No job has run: the closing ended the choice, for the print vendor's changes and the audit log alike.
  expect(await printList()).not.toContain('88-9701-00');
  expect(await changesOf('88-9701-00')).toEqual(['PAPERLESS CHOSEN', 'PAPER UNLINKED']);
  expect((await auditOf(userId)).filter((event) => event.kind.startsWith('PAPERLESS'))).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: userId, reason: null },
    { kind: 'PAPERLESS_ENDED', actor: userId, reason: 'UNLINKED' },
  ]);
});

it('an account the city closes returns to paper in the close, its holder told', async () => {
  await openAccount(admin, { accountNumber: '88-8501-00', addressLine1: '8501 Imperial Hwy' });
  const { customer, accountId, userId } = await holder('paperless.closed@example.com', '88-8501-00');
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  const closed = await admin.data<ClosedAccount>(CLOSE_ACCOUNT, { id: accountId });
  expect(closed.closeServiceAccount.userErrors).toEqual([]);
  expect(await printList()).not.toContain('88-8501-00');
  const [adminUser] = await tenantRows<{ actor: string }>(mail.platform, 'norwalk', "SELECT actor FROM security_events WHERE kind = 'ACCOUNT_STATUS_CHANGED' ORDER BY occurred_at DESC LIMIT 1");
  expect(await auditOf(userId)).toEqual([
    { kind: 'PAPERLESS_CHOSEN', actor: userId, reason: null },
    { kind: 'PAPERLESS_ENDED', actor: adminUser!.actor, reason: 'ACCOUNT_CLOSED' },
  ]);
  const [told] = await paperResumedEmailsTo('paperless.closed@example.com');
  expect(told?.parsed.text).toContain('because the city closed the account');
  expect(await paperlessOf(customer, accountId)).toMatchObject({ inForce: false, blockedBy: 'ACCOUNT_CLOSED' });
});

it('a city that stops offering paperless prints every account and keeps its residents’ choices, said to staff; offered again, they stand again', async () => {
  await openAccount(admin, { accountNumber: '88-8601-00', addressLine1: '8601 Imperial Hwy' });
  const { customer, accountId } = await holder('paperless.kept@example.com', '88-8601-00');
  expect((await choose(customer, accountId)).userErrors).toEqual([]);
  const setOffered = async (offered: boolean) => {
    const { updateTenant } = await mail.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
      'mutation($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { field code message } } }',
      { input: { paperless: { offered } } },
    );
    expect(updateTenant.userErrors).toEqual([]);
  };
  await setOffered(false);
  try {
    expect(await printList()).toEqual([]);
    expect((await admin.data<{ paperlessAccountsCsv: string }>(CSV)).paperlessAccountsCsv).toBe('account_number\r\n');
    const { paperlessReport } = await admin.data<{ paperlessReport: { offered: boolean; accountsPaperless: number; choicesNotInForce: number } }>(REPORT);
    expect(paperlessReport).toMatchObject({ offered: false, accountsPaperless: 0 });
    expect(paperlessReport.choicesNotInForce).toBeGreaterThanOrEqual(1);
    expect(await paperlessOf(customer, accountId)).toMatchObject({ offered: false, inForce: false, blockedBy: 'NOT_OFFERED' });
    const { customer: late, accountId: lateAccount } = await holder('paperless.late@example.com', '88-8601-00');
    expect((await choose(late, lateAccount)).userErrors.map((error) => error.code)).toEqual(['PAPERLESS_NOT_OFFERED']);
    // Kept, not ended: the pass leaves a choice alone while the city does not offer paperless.
    await mail.platform.runJob(LAPSES);
  } finally {
    await setOffered(true);
  }
  expect(await printList()).toContain('88-8601-00');
  expect(await paperlessOf(customer, accountId)).toMatchObject({ offered: true, inForce: true, chosenByYou: true });
});

it('staff page the print list with the kit’s cursors, count it, and only within their own city', async () => {
  const { paperlessAccounts: page } = await admin.data<{ paperlessAccounts: { edges: { cursor: string; node: { accountNumber: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
    LIST,
    {
      first: 1,
    },
  );
  const all = await printList();
  expect(page.edges.map((edge) => edge.node.accountNumber)).toEqual(all.slice(0, 1));
  expect(page.pageInfo.hasNextPage).toBe(all.length > 1);
  const next = await admin.data<{ paperlessAccounts: { edges: { node: { accountNumber: string } }[] } }>(LIST, { first: 100, after: page.pageInfo.endCursor });
  expect(next.paperlessAccounts.edges.map((edge) => edge.node.accountNumber)).toEqual(all.slice(1));
  const { paperlessReport } = await admin.data<{ paperlessReport: { accountsPaperless: number; holdersPaperless: number } }>(REPORT);
  expect(paperlessReport.accountsPaperless).toBe(all.length);

  // Norman's staff see none of Norwalk's, and a Norwalk cursor means nothing there.
  const norman = await signInStaff(mail.platform, 'norman', 'ADMIN');
  expect((await norman.data<{ paperlessAccounts: { edges: unknown[] } }>(LIST, { first: 100 })).paperlessAccounts.edges).toEqual([]);
  const refused = await norman.request(LIST, { first: 1, after: page.pageInfo.endCursor });
  expect((refused.errors?.[0]?.extensions as { reason?: string } | undefined)?.reason).toBe('INVALID_CURSOR');
  // Residents do not read the print list.
  const norwalk = mail.platform.client.asTenant('norwalk');
  const aResident = bearer(norwalk, (await registerCustomer(norwalk, { email: 'paperless.reader@example.com' })).session);
  expect((await aResident.request(CSV)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
