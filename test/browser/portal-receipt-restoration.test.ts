import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { APPROVE_RESTORATION, BILL_HEADER, LOOKUP, MARK_DISCONNECTED, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl, frameSettled, hostedFields, fillCard } from './web-pages';

/*
 * Issue 14 item 7 at Norman, which proves an account by its number and last
 * payment amount: a guest pays a disconnected account in full and follows the
 * restoration request on the receipt. The payment itself becomes the last
 * payment once it posts, so the receipt must not prove the account again with
 * the amount typed before paying: it reads where the restoration stands from
 * the payment, by its receipt token, and spends none of the account's guest
 * look-ups (five failed proofs in 15 minutes lock the account's look-up and
 * payment for everyone, the phone line included).
 */
const clock = new FixedClock(new Date('2026-12-03T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const NORMAN = CITIES[1];

/** The GraphQL operations the tab sent, by name. */
function recordOperations(page: Page): string[] {
  const operations: string[] = [];
  page.on('request', (request) => {
    const name = /"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1];
    if (name) operations.push(name);
  });
  return operations;
}

/** A guest pays the amount needed to restore service by card; returns that amount as the page wrote it. */
async function payToRestore(page: Page, accountNumber: string, lastPayment: string): Promise<string> {
  await page.goto(cityUrl(env.platform, NORMAN, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByLabel('Account number').fill(accountNumber);
  await page.getByLabel('Last payment amount').fill(lastPayment);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('region', { name: 'Service is disconnected' }).waitFor();
  const due = await page.getByLabel('Payment amount').inputValue();
  await page.getByLabel('Email for your receipt').fill('guest@example.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  const fields = hostedFields(page);
  await fillCard(fields, { number: '4242424242424242', zip: '73069', name: 'Pat Guest' });
  await frameSettled(page);
  const pay = page.getByRole('button', { name: `Pay $${due}` });
  await pay.scrollIntoViewIfNeeded();
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await pay.click();
  await page.getByRole('heading', { level: 1, name: 'Thank you: your payment is received' }).waitFor();
  return due;
}

/** Presses "Check again" and returns what the restoration card then says. */
async function checkAgain(page: Page): Promise<string> {
  const restoration = page.getByRole('region', { name: 'Restoring your service' });
  const read = page.waitForResponse((response) => (response.request().postData() ?? '').includes('"operationName":"PortalGuestReceipt"'));
  await restoration.getByRole('button', { name: 'Check again' }).click();
  await read;
  await restoration.getByRole('status').filter({ hasNotText: 'Loading' }).waitFor();
  return restoration.getByRole('status').innerText();
}

async function accountId(staff: GraphQLTestClient, accountNumber: string): Promise<{ id: string; status: string }> {
  const { serviceAccounts } = await staff.data<{ serviceAccounts: { edges: { node: { id: string; status: string } }[] } }>(
    'query S($search: String!) { serviceAccounts(first: 5, search: $search) { edges { node { id status } } } }',
    { search: accountNumber },
  );
  return serviceAccounts.edges[0]!.node;
}

it('tells a Norman guest where the restoration stands after their payment posts, and that service is restored once staff approve', async () => {
  const { page } = env.tab;
  const operations = recordOperations(page);
  await payToRestore(page, '2003-1188', '25.00');
  const restoration = page.getByRole('region', { name: 'Restoring your service' });
  await restoration.getByText('Restoration requested').waitFor();

  // The next day the payment posts (and so becomes the account's last payment); the request waits for staff.
  clock.set(new Date('2026-12-04T18:00:00Z'));
  await env.platform.runJob('payments.post');
  const staff = await signInStaff(env.platform, 'norman', 'SUPPORT');
  const account = await accountId(staff, '2003-1188');
  expect(account.status).toBe('RESTORATION_PENDING');
  expect(await checkAgain(page)).toContain('Restoration requested: the city restores your service once your payment has posted and staff approve it.');

  const approved = await staff.data<{ approveRestoration: { userErrors: unknown[] } }>(APPROVE_RESTORATION, { id: account.id });
  expect(approved.approveRestoration.userErrors).toEqual([]);
  expect(await checkAgain(page)).toBe('Your service has been restored.');
  // From the payment on, the receipt read the payment each time; it never looked the account up again.
  expect(operations.slice(operations.indexOf('PortalMakePayment'))).not.toContain('PortalLookupAccount');
  env.tab.expectNoConsoleErrors();
}, 90_000);

it('follows the restoration without spending the account’s guest look-ups: the holder can still look it up and pay', async () => {
  clock.set(new Date('2026-12-03T18:00:00Z'));
  const staff = await signInStaff(env.platform, 'norman', 'ADMIN');
  const account = await openAccount(staff, { accountNumber: '5300-0951', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(staff, [BILL_HEADER, 'N-0951,5300-0951,2026-09-01,2026-09-22,155.00,,'].join('\n'));
  await env.platform.runJob('billing.disconnection-sweep');
  expect((await staff.data<{ markAccountDisconnected: { userErrors: unknown[] } }>(MARK_DISCONNECTED, { id: account.id })).markAccountDisconnected.userErrors).toEqual([]);

  const { page } = env.tab;
  const due = await payToRestore(page, '5300-0951', '0.00');
  await page.getByRole('region', { name: 'Restoring your service' }).getByText('Restoration requested').waitFor();
  clock.set(new Date('2026-12-04T18:00:00Z'));
  await env.platform.runJob('payments.post');
  // The resident comes back to the receipt now and then to see whether service is back: more checks than failed proofs allowed.
  for (let checks = 0; checks < 6; checks++) expect(await checkAgain(page)).toContain('Restoration requested');

  // The holder (or the phone line) proving the account as it is now, by the payment just made, is let in.
  const answer = await env.platform.client
    .asTenant('norman')
    .request<{ lookupAccount: { account: { status: string } | null } }>(LOOKUP, { input: { accountNumber: '5300-0951', lastPaymentAmount: due } });
  expect(answer.errors?.map((e) => e.extensions?.code) ?? []).toEqual([]);
  expect(answer.data?.lookupAccount.account?.status).toBe('RESTORATION_PENDING');

  // The receipt's token reads the restoration in its own city only, and says nothing more of the account.
  const flow = JSON.parse(await page.evaluate<string>('sessionStorage.getItem("portal.guestPay.norman")')) as { confirmationNumber: string; receiptToken: string };
  const RECEIPT = 'query R($c: String!, $t: String!) { paymentByConfirmation(confirmationNumber: $c, receiptToken: $t) { restorations { maskedAccountNumber progress } } }';
  type Receipt = { paymentByConfirmation: { restorations: { maskedAccountNumber: string; progress: string }[] } | null };
  const read = (slug: string) => env.platform.client.asTenant(slug).data<Receipt>(RECEIPT, { c: flow.confirmationNumber, t: flow.receiptToken });
  expect((await read('norman')).paymentByConfirmation).toEqual({ restorations: [{ maskedAccountNumber: '****-0951', progress: 'REQUESTED' }] });
  expect((await read('norwalk')).paymentByConfirmation).toBeNull();
  env.tab.expectNoConsoleErrors();
}, 90_000);
