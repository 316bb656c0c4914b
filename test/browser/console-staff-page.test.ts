import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { TestNotificationOptions } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, VIEWER, bearer, latestToken, signIn as apiSignIn, tenantRows, type UserErrorShape } from '../customers/customer-api';
import { demoStaffClient } from '../customers/demo-staff';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { expectNoSeriousAccessibilityViolations, openPage, platformInBrowser, screenshotAtBothSizes, workerBrowser, type Page } from './browser';
import { focused, waitUntil } from './console-staff';
import { CITIES, cityUrl, fieldDescription, loseAnswers, type City } from './web-pages';

// The console's Staff page (ADMIN): the city's staff listed, one added (and invited by email), one's access taken away
// and given back, one's role changed.

// The platform sends email through a real SMTP server in this process, started first so the platform can be told where.
let smtp: SmtpCatcher;
const options: { notifications?: TestNotificationOptions } = {};
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  options.notifications = { smtpUrl: smtp.url };
});
afterAll(() => smtp.close());
const env = platformInBrowser(options);

const [NORWALK, NORMAN] = CITIES;
const demo = (city: City, role: 'SUPPORT' | 'ADMIN') => DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === role)!;
const identifierLabel = (city: City) => (city.slug === 'norman' ? 'Username' : 'Email');

function cityPage(city: City, path: string, search = ''): string {
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = path;
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  return url.href;
}

async function signIn(page: Page, city: City, identifier: string, password: string): Promise<void> {
  await page.getByLabel(identifierLabel(city), { exact: true }).fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the Staff page by its address and signs the city's demo ADMIN in there. */
async function openStaffPage(page: Page, city: City): Promise<void> {
  await page.goto(cityPage(city, '/console/staff'));
  await signIn(page, city, demoSignIn(demo(city, 'ADMIN')), DEMO_STAFF_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Staff', exact: true }).waitFor();
  // The heading comes before the list has loaded: its first member's row says it has.
  await staffTable(page, city).getByRole('row').nth(1).waitFor();
}

/** Back to the Staff page through the navigation, which asks the server for the list again. */
async function revisitStaffPage(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Console pages' });
  await nav.getByRole('link', { name: 'Payments board' }).click();
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  await nav.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff', exact: true }).waitFor();
}

const staffTable = (page: Page, city: City) => page.getByRole('table', { name: `Staff of ${city.name}` });
const staffRow = (page: Page, city: City, name: string) => staffTable(page, city).getByRole('row').filter({ hasText: name });

/** A row as a screen reader reads it: each cell's text (a button's whole name), the name first. */
async function rowTexts(page: Page, city: City, name: string): Promise<string[]> {
  type Cell = { textContent: string | null; querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  const cells = await staffRow(page, city, name).evaluate((tr) =>
    Array.from((tr as unknown as { cells: ArrayLike<Cell> }).cells, (cell) => cell.querySelector('button')?.getAttribute('aria-label') ?? cell.textContent ?? ''),
  );
  return cells.map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Adds an ADMIN through the API, as the operator, and accepts the invitation; the new user's id. */
async function adminAddedThroughApi(city: City, name: string, username: string): Promise<string> {
  const email = `${username.replace(/_/g, '.')}@${city.slug}.example`;
  const { createStaffUser } = await env.platform.operator
    .asTenant(city.slug)
    .data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, username, name, role: 'ADMIN' } });
  expect(createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, city.slug, email, 'STAFF_INVITATION');
  const { resetPassword } = await env.platform.client.asTenant(city.slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(resetPassword.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';
const CHANGE_ROLE = 'mutation Role($input: ChangeStaffRoleInput!) { changeStaffRole(input: $input) { userErrors { code } } }';

it('at Norwalk, an ADMIN adds SUPPORT staff, who are invited by email and cannot see the page; then disables them after confirming, and their sign-in is refused', async () => {
  const { page } = env.tab;
  const city = NORWALK;
  await openStaffPage(page, city);
  expect(await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Staff', exact: true }).getAttribute('aria-current')).toBe('page');
  expect(await rowTexts(page, city, 'Adam Admin')).toEqual([
    'Adam Admin (you)',
    'admin@norwalk.example',
    'Administrator',
    'Active',
    'The only active administrator: add another to be able to disable this one.',
  ]);
  expect(await rowTexts(page, city, 'Sofia Support')).toEqual(['Sofia Support', 'support@norwalk.example', 'Support', 'Active', 'Disable Sofia Support']);
  expect(await staffRow(page, city, 'Adam Admin').getByRole('button').count()).toBe(0);
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'console-staff-norwalk');

  // Nothing typed: each missing field says so beside itself, and the summary takes focus. Support is the role unless changed.
  const form = page.getByRole('region', { name: 'Add a staff member' });
  expect(await form.getByRole('radio', { name: 'Support' }).isChecked()).toBe(true);
  expect(await form.getByRole('radio', { name: 'Administrator' }).isChecked()).toBe(false);
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  const summary = form.getByRole('alert').filter({ hasText: 'There is a problem' });
  await summary.waitFor();
  expect(await fieldDescription(page, 'Full name')).toBe('Enter their full name.');
  expect(await fieldDescription(page, 'Email')).toBe('The invitation is sent here. Enter their email address.');
  expect(await form.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect((await focused(page)).text).toContain('There is a problem');

  // An email someone of the city already signs in with: said at the email field, in words for the ADMIN; nobody added.
  const usersBefore = await tenantRows<{ n: number }>(env.platform, city.slug, 'SELECT count(*)::int AS n FROM users');
  await form.getByLabel('Full name').fill('Nia Clerk');
  await form.getByLabel('Email', { exact: true }).fill('Support@Norwalk.example');
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await summary.filter({ hasText: 'already signs in with this email' }).waitFor();
  expect(await fieldDescription(page, 'Email')).toBe(
    'The invitation is sent here. Someone in this city already signs in with this email: a staff member (see the list) or a resident. Each person needs an email of their own.',
  );
  expect(await tenantRows(env.platform, city.slug, 'SELECT count(*)::int AS n FROM users')).toEqual(usersBefore);
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'console-staff-add-errors-norwalk');

  await form.getByLabel('Email', { exact: true }).fill('nia.clerk@norwalk.example');
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await page.getByRole('status').filter({ hasText: 'Nia Clerk was added as Support. An invitation to choose a password was emailed to nia.clerk@norwalk.example.' }).waitFor();
  expect(await rowTexts(page, city, 'Nia Clerk')).toEqual(['Nia Clerk', 'nia.clerk@norwalk.example', 'Support', 'Invited, not yet accepted', 'Disable Nia Clerk']);
  expect(await form.getByRole('alert').count()).toBe(0);
  // The form is empty again, focus in its first field, for the next person.
  expect(await form.getByLabel('Full name').inputValue()).toBe('');
  expect(await page.evaluate('document.activeElement === document.querySelector("input[name=name]")')).toBe(true);

  // The invitation arrives by email, with the link that sets a password.
  await env.platform.deliverNotifications();
  const invitation = smtp.accepted.find((message) => message.envelopeTo.includes('nia.clerk@norwalk.example'));
  expect(invitation?.parsed.subject).toBe('You are invited to the City of Norwalk staff console');
  const link = new URL(/https:\/\/\S+\/console\/accept-invitation\?\S+/.exec(invitation!.parsed.text ?? '')![0]);

  // The new clerk accepts it in a browser of their own and signs in: SUPPORT sees no Staff link, and the page is not theirs.
  const clerk = await openPage(await workerBrowser());
  try {
    await clerk.page.goto(cityPage(city, link.pathname, link.search));
    await clerk.page.getByLabel('Email', { exact: true }).fill('nia.clerk@norwalk.example');
    await clerk.page.getByLabel('Choose a password').fill(GOOD_PASSWORD);
    await clerk.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await clerk.page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
    const links = await clerk.page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allInnerTexts();
    expect(links).toContain('Accounts');
    expect(links).not.toContain('Staff');
    await clerk.page.goto(cityPage(city, '/console/staff'));
    await clerk.page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    expect(await clerk.page.getByRole('main').innerText()).toContain('This page is for administrators only.');
    expect(await clerk.page.getByRole('table').count()).toBe(0);

    // Accepted: the ADMIN's list says so when next shown.
    await revisitStaffPage(page);
    await staffRow(page, city, 'Nia Clerk').getByRole('cell', { name: 'Active', exact: true }).waitFor();

    // Disabling asks first, naming them; focus starts on Cancel, and cancelling changes nothing.
    const disableButton = staffRow(page, city, 'Nia Clerk').getByRole('button', { name: 'Disable Nia Clerk' });
    await disableButton.click();
    const dialog = page.getByRole('dialog', { name: 'Disable Nia Clerk?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Nia Clerk (nia.clerk@norwalk.example) will no longer be able to sign in, and any session they have open ends now.');
    expect(await dialog.innerText()).toContain('You can enable them again later from this list.');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Cancel', inDialog: true });
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, 'console-staff-disable-norwalk');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ label: 'Disable Nia Clerk', text: 'Disable' });
    expect((await rowTexts(page, city, 'Nia Clerk'))[3]).toBe('Active');

    await disableButton.click();
    await dialog.getByRole('button', { name: 'Disable Nia Clerk' }).click();
    await page.getByRole('status').filter({ hasText: 'Nia Clerk can no longer sign in.' }).waitFor();
    expect(await dialog.count()).toBe(0);
    const [name, email, role, access, action] = await rowTexts(page, city, 'Nia Clerk');
    expect([name, email, role, action]).toEqual(['Nia Clerk', 'nia.clerk@norwalk.example', 'Support', 'Enable Nia Clerk']);
    expect(access).toMatch(/^Disabled since \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M P[SD]T$/);
    expect((await focused(page)).text).toBe('Nia Clerk can no longer sign in.');

    // Their sign-in is refused from then on.
    await clerk.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await clerk.page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    await signIn(clerk.page, city, 'nia.clerk@norwalk.example', GOOD_PASSWORD);
    await clerk.page.getByRole('alert').filter({ hasText: 'The sign-in details are not correct.' }).waitFor();
    expect(await clerk.page.getByRole('heading', { level: 1 }).innerText()).toBe('Staff sign-in');
    // The sign-out could not end a session the server had ended already.
    clerk.expectNoConsoleErrors([/status of 401/]);
  } finally {
    await clerk.close();
  }

  // In Spanish, the page's own words and the city's time.
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Personal' }).waitFor();
  const spanishRow = page.getByRole('table', { name: 'Personal de City of Norwalk' }).getByRole('row').filter({ hasText: 'Nia Clerk' });
  expect(await spanishRow.getByRole('cell').nth(1).innerText()).toBe('Soporte');
  expect(await spanishRow.getByRole('cell').nth(2).innerText()).toMatch(/^Desactivado\s+desde /);
  expect(await page.getByRole('region', { name: 'Agregar a un miembro del personal' }).getByRole('radio', { name: 'Soporte' }).isChecked()).toBe(true);
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('at Norman (by username), the only ADMIN who can sign in is never offered to be disabled, and when another goes meanwhile the refusal says why; with another, an ADMIN may disable themselves and is signed out', async () => {
  const { page } = env.tab;
  const city = NORMAN;
  await openStaffPage(page, city);
  // The city signs in by username, so the list shows it, with the email where invitations go.
  expect(await staffTable(page, city).getByRole('columnheader').allInnerTexts()).toEqual(['Full name', 'Username', 'Email', 'Role', 'Access', 'Action']);
  expect(await rowTexts(page, city, 'Arthur Admin')).toEqual([
    'Arthur Admin (you)',
    'norman_admin',
    'admin@norman.example',
    'Administrator',
    'Active',
    'The only active administrator: add another to be able to disable this one.',
  ]);
  expect(await page.getByRole('button', { name: 'Disable Arthur Admin' }).count()).toBe(0);
  const form = page.getByRole('region', { name: 'Add a staff member' });
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await form.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
  expect(await fieldDescription(page, 'Username')).toBe(
    'What they will sign in with: 3 to 32 letters, digits, dots, hyphens or underscores, not shaped like a web address (pat_jones, not pat.jones). Choose a username for them.',
  );

  // The answer to an addition lost on the way back: the page does not guess, says so, and the list read again shows them added.
  await loseAnswers(page, 'ConsoleCreateStaffUser');
  await form.getByLabel('Full name').fill('Lu Lost');
  await form.getByLabel('Email', { exact: true }).fill('lu.lost@norman.example');
  await form.getByLabel('Username', { exact: true }).fill('lu_lost');
  await form.getByRole('radio', { name: 'Administrator' }).check();
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await form.getByRole('alert').filter({ hasText: 'We could not tell whether Lu Lost was added. Check the list above before trying again.' }).waitFor();
  await staffRow(page, city, 'Lu Lost').waitFor();
  expect(await rowTexts(page, city, 'Lu Lost')).toEqual(['Lu Lost', 'lu_lost', 'lu.lost@norman.example', 'Administrator', 'Invited, not yet accepted', 'Disable Lu Lost']);
  // An ADMIN still invited cannot manage staff yet (the invitation may lapse unused): Arthur stays the only one.
  expect((await rowTexts(page, city, 'Arthur Admin'))[5]).toBe('The only active administrator: add another to be able to disable this one.');
  // Sending it again is refused as taken, at the fields, rather than adding them twice.
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await form.getByRole('alert').filter({ hasText: 'This username is taken. Choose another.' }).waitFor();
  expect(await fieldDescription(page, 'Username')).toContain('This username is taken. Choose another.');
  expect(await tenantRows(env.platform, city.slug, 'SELECT full_name FROM users WHERE email = $1', ['lu.lost@norman.example'])).toEqual([{ full_name: 'Lu Lost' }]);

  // A second ADMIN: now the first may be disabled, even by themselves, and the dialog says what that means for them.
  const adaId = await adminAddedThroughApi(city, 'Ada Second', 'ada_second');
  await revisitStaffPage(page);
  expect(await rowTexts(page, city, 'Ada Second')).toEqual(['Ada Second', 'ada_second', 'ada.second@norman.example', 'Administrator', 'Active', 'Disable Ada Second']);
  await page.getByRole('button', { name: 'Disable Arthur Admin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disable Arthur Admin?' });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('Arthur Admin (norman_admin) will no longer be able to sign in');
  expect(await dialog.innerText()).toContain('This is you: you will be signed out now and will not be able to sign in again.');

  // Meanwhile the other ADMIN's access is taken away (by the operator): confirming is refused, and the dialog says why.
  const { disableStaffUser } = await env.platform.operator.asTenant(city.slug).data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: adaId });
  expect(disableStaffUser.userErrors).toEqual([]);
  await dialog.getByRole('button', { name: 'Disable Arthur Admin' }).click();
  const refusal = dialog.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.innerText()).toBe(
    'Arthur Admin is the city’s only active administrator, so their access cannot be taken away: the city would have nobody to manage its staff. Add another administrator first.',
  );
  expect(await focused(page)).toMatchObject({ inDialog: true, text: await refusal.innerText() });
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'console-staff-last-admin-norman');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The list, read again after the refusal, shows why.
  await staffRow(page, city, 'Ada Second').getByText('Disabled').waitFor();
  expect((await rowTexts(page, city, 'Arthur Admin'))[5]).toBe('The only active administrator: add another to be able to disable this one.');
  const [arthur] = await tenantRows<{ disabled_at: Date | null }>(env.platform, city.slug, 'SELECT disabled_at FROM users WHERE username = $1', ['norman_admin']);
  expect(arthur?.disabled_at).toBeNull();

  // With a third ADMIN active, Arthur may go: he is signed out at once and cannot sign in again.
  await adminAddedThroughApi(city, 'Bo Third', 'bo_third');
  await revisitStaffPage(page);
  await page.getByRole('button', { name: 'Disable Arthur Admin' }).click();
  await dialog.getByRole('button', { name: 'Disable Arthur Admin' }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
  await page.getByText('You are signed out.').waitFor();
  await signIn(page, city, 'norman_admin', DEMO_STAFF_PASSWORD);
  await page.getByRole('alert').filter({ hasText: 'The sign-in details are not correct.' }).waitFor();
  env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
}, 120_000);

it('at Norwalk, an invited member’s row sends a new invitation, said in words; only the newest link sets the password', async () => {
  const city = NORWALK;
  const email = 'rae.resend@norwalk.example';
  const { createStaffUser } = await env.platform.operator
    .asTenant(city.slug)
    .data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, name: 'Rae Resend', role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  const first = await latestToken(env.platform, city.slug, email, 'STAFF_INVITATION');
  // Received before the new one is asked for: one still waiting to go out then is withdrawn, its link dead.
  await env.platform.deliverNotifications();
  const admin = await openPage(await workerBrowser());
  try {
    await openStaffPage(admin.page, city);
    expect(
      await staffRow(admin.page, city, 'Sofia Support')
        .getByRole('button', { name: /new invitation/ })
        .count(),
    ).toBe(0);
    await staffRow(admin.page, city, 'Rae Resend').getByRole('button', { name: 'Send a new invitation to Rae Resend' }).click();
    await admin.page
      .getByRole('status')
      .filter({ hasText: `A new invitation was sent to ${email}. The links in earlier invitations no longer work.` })
      .waitFor();
    await expectNoSeriousAccessibilityViolations(admin.page);
    await env.platform.deliverNotifications();
    const invitations = smtp.accepted.filter((message) => message.envelopeTo.includes(email));
    expect(invitations.map((message) => message.parsed.subject)).toEqual(Array(2).fill('You are invited to the City of Norwalk staff console'));
    const tokens = invitations.map((message) => new URL(/https:\/\/\S+\/console\/accept-invitation\?\S+/.exec(message.parsed.text ?? '')![0]).searchParams.get('token'));
    expect(tokens[0]).toBe(first);
    const newest = tokens[1]!;
    expect(newest).not.toBe(first);
    const accept = async (token: string) =>
      (await env.platform.client.asTenant(city.slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } })).resetPassword.userErrors.map(
        (e) => e.code,
      );
    expect(await accept(first)).toEqual(['INVALID_TOKEN']);
    expect(await accept(newest)).toEqual([]);
    admin.expectNoConsoleErrors();
  } finally {
    await admin.close();
  }
}, 60_000);

/** Adds SUPPORT staff through the API, as the operator, who accepts the invitation; the new user's id. */
async function supportAddedThroughApi(city: City, name: string, email: string): Promise<string> {
  const { createStaffUser } = await env.platform.operator
    .asTenant(city.slug)
    .data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, name, role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, city.slug, email, 'STAFF_INVITATION');
  const { resetPassword } = await env.platform.client.asTenant(city.slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(resetPassword.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

it('at Norwalk, an ADMIN makes Support staff an administrator and back in a dialog, their open session ending each time, and gives a disabled member their access back', async () => {
  const city = NORWALK;
  await supportAddedThroughApi(city, 'Cora Change', 'cora.change@norwalk.example');
  const eddaId = await supportAddedThroughApi(city, 'Edda Enable', 'edda.enable@norwalk.example');
  expect((await env.platform.operator.asTenant(city.slug).data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: eddaId })).disableStaffUser.userErrors).toEqual([]);
  // Cora is at work, signed in elsewhere.
  const coraLogin = await apiSignIn(env.platform.client.asTenant(city.slug), 'cora.change@norwalk.example');
  const cora = bearer(env.platform.client.asTenant(city.slug), coraLogin.session!);

  const admin = await openPage(await workerBrowser());
  try {
    const { page } = admin;
    await openStaffPage(page, city);
    // Each other member who is not disabled can have their role changed; the viewer cannot change their own.
    expect(await rowTexts(page, city, 'Cora Change')).toEqual(['Cora Change', 'cora.change@norwalk.example', 'Support', 'Active', 'Disable Cora Change']);
    expect(await staffRow(page, city, 'Adam Admin').getByRole('button').count()).toBe(0);
    expect(await staffRow(page, city, 'Edda Enable').getByRole('button', { name: 'Change role of Edda Enable' }).count()).toBe(0);

    const changeButton = staffRow(page, city, 'Cora Change').getByRole('button', { name: 'Change role of Cora Change' });
    await changeButton.click();
    const dialog = page.getByRole('dialog', { name: 'Change the role of Cora Change' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'Cora Change (cora.change@norwalk.example) is Support now. Any session they have open ends when their role changes: they sign in again with the new one.',
    );
    const roles = dialog.getByRole('group', { name: 'New role' });
    expect(await roles.getByRole('radio', { name: 'Support (current role)' }).isChecked()).toBe(true);
    expect(await roles.getByRole('radio', { name: 'Administrator' }).isChecked()).toBe(false);
    expect(await focused(page)).toMatchObject({ tag: 'INPUT', inDialog: true });
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, 'console-staff-change-role-norwalk');

    // Confirming the role they hold changes nothing, and says to choose the other.
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Cora Change is Support already. Choose the other role to change it.' }).waitFor();

    await roles.getByRole('radio', { name: 'Administrator' }).check();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await page.getByRole('status').filter({ hasText: 'Cora Change’s role is now Administrator. If they were signed in, they need to sign in again.' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ label: 'Change role of Cora Change', text: 'Change role' });
    expect((await rowTexts(page, city, 'Cora Change'))[2]).toBe('Administrator');
    // With a second administrator who can sign in, Adam may now be disabled.
    expect((await rowTexts(page, city, 'Adam Admin'))[4]).toBe('Disable Adam Admin');
    // Cora's session, started as Support, has ended; signed in again she is an administrator.
    expect((await cora.request(VIEWER)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await apiSignIn(env.platform.client.asTenant(city.slug), 'cora.change@norwalk.example');
    const coraAgain = bearer(env.platform.client.asTenant(city.slug), again.session!);
    expect((await coraAgain.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);

    // And back to Support: the administrator's session ends, and Adam is the only administrator again.
    await changeButton.click();
    await roles.getByRole('radio', { name: 'Support' }).check();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await page.getByRole('status').filter({ hasText: 'Cora Change’s role is now Support.' }).waitFor();
    expect((await rowTexts(page, city, 'Cora Change'))[2]).toBe('Support');
    expect((await rowTexts(page, city, 'Adam Admin'))[4]).toBe('The only active administrator: add another to be able to disable this one.');
    expect((await coraAgain.request(VIEWER)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // Edda's access was taken away: her row offers to give it back, which is done at once and said in words.
    const [, , , access, action] = await rowTexts(page, city, 'Edda Enable');
    expect(access).toMatch(/^Disabled since /);
    expect(action).toBe('Enable Edda Enable');
    await staffRow(page, city, 'Edda Enable').getByRole('button', { name: 'Enable Edda Enable' }).click();
    await page.getByRole('status').filter({ hasText: 'Edda Enable can sign in again, as Support.' }).waitFor();
    expect(await rowTexts(page, city, 'Edda Enable')).toEqual(['Edda Enable', 'edda.enable@norwalk.example', 'Support', 'Active', 'Disable Edda Enable']);
    expect((await focused(page)).text).toBe('Edda Enable can sign in again, as Support.');
    await expectNoSeriousAccessibilityViolations(page);
    expect((await apiSignIn(env.platform.client.asTenant(city.slug), 'edda.enable@norwalk.example')).session).toBeTruthy();

    // In Spanish, the row's buttons and the dialog speak it too.
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal' }).waitFor();
    await page.getByRole('button', { name: 'Cambiar función de Cora Change' }).click();
    const spanish = page.getByRole('dialog', { name: 'Cambiar la función de Cora Change' });
    await spanish.waitFor();
    expect(await spanish.getByRole('radio', { name: 'Soporte (función actual)' }).isChecked()).toBe(true);
    await expectNoSeriousAccessibilityViolations(page);
    await spanish.getByRole('button', { name: 'Cancelar' }).click();
    await spanish.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'English' }).click();
    admin.expectNoConsoleErrors();
  } finally {
    await admin.close();
  }
}, 90_000);

it('at Norwalk, a member whose role is changed, then whose access is removed, is sent to sign in again and told their session ended: from the live board, and from a search', async () => {
  const city = NORWALK;
  const nellId = await supportAddedThroughApi(city, 'Nell Night', 'nell.night@norwalk.example');
  const admin = await demoStaffClient(env.platform, city.slug, 'ADMIN');
  const { page } = env.tab;
  const openSockets = new Set<unknown>();
  page.on('websocket', (socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await page.goto(cityPage(city, '/console'));
  await signIn(page, city, 'nell.night@norwalk.example', GOOD_PASSWORD);
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const signInAgain = async () => {
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor({ timeout: 10_000 });
    return (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');
  };

  // The board is open, its access token good for minutes yet, when an ADMIN makes Nell an administrator: her session ends.
  expect((await admin.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: nellId, role: 'ADMIN' } })).changeStaffRole.userErrors).toEqual([]);
  const fromBoard = await signInAgain();
  expect(fromBoard).toContain('Your session has ended. Please sign in again.');
  expect(fromBoard).not.toContain('Reconnecting');

  // Signed in again, as an administrator now, she is on the Accounts page (no live connection) when her access is removed.
  await signIn(page, city, 'nell.night@norwalk.example', GOOD_PASSWORD);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  await waitUntil('the live connection has closed', async () => openSockets.size === 0);
  expect((await admin.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: nellId })).disableStaffUser.userErrors).toEqual([]);
  await page.getByLabel('Find an account', { exact: true }).fill('10-1001');
  await page.getByLabel('Find an account', { exact: true }).press('Enter');
  const fromSearch = await signInAgain();
  expect(fromSearch).toContain('Your session has ended. Please sign in again.');
  expect(fromSearch).not.toContain('Check your connection');
  // The browser reports the search the server refused (401) itself.
  env.tab.expectNoConsoleErrors([/status of 401 \(Unauthorized\)/]);
}, 90_000);
