import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { REFRESH, VIEWER, registerCustomer, tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { CITIES, bannerColour, cityUrl, fieldDescription, type City } from './web-pages';

// Issue 13 item 3 (first part): staff sign in to their city's console; residents are turned away.
const env = platformInBrowser();

const staff = (city: City, role: 'SUPPORT' | 'ADMIN') => DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === role)!;
const identifierLabel = (city: City) => (city.slug === 'norman' ? 'Username' : 'Email');

interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** On the page's clock. */
  accessTokenLocalExpiry: number;
}

/** The console's stored session, as the page keeps it. */
async function storedSession(page: Page, city: City): Promise<StoredSession | null> {
  type Window = { localStorage: { getItem(key: string): string | null } };
  const raw = await page.evaluate((key) => (globalThis as unknown as Window).localStorage.getItem(key), `web.console.session.${city.slug}`);
  return raw ? (JSON.parse(raw) as StoredSession) : null;
}

async function signInWithKeyboard(page: Page, city: City, identifier: string, password: string): Promise<void> {
  await page.getByLabel(identifierLabel(city), { exact: true }).focus();
  await page.keyboard.type(identifier);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

it('may open the live (graphql-ws) connection to its own host under its CSP, with the city and token as connectionParams', async () => {
  const { page } = env.tab;
  const city = CITIES[0];
  await page.goto(cityUrl(env.platform, city, '/console'));
  await signInWithKeyboard(page, city, demoSignIn(staff(city, 'SUPPORT')), DEMO_STAFF_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  const { accessToken } = (await storedSession(page, city))!;
  type Socket = { onopen: () => void; onmessage: (event: { data: string }) => void; onerror: () => void; send(data: string): void; close(): void };
  type Window = { location: { host: string }; WebSocket: new (url: string, protocol: string) => Socket };
  const reply = await page.evaluate(
    ([tenant, token]) =>
      new Promise<string>((resolve) => {
        const w = globalThis as unknown as Window;
        const socket = new w.WebSocket(`ws://${w.location.host}/graphql`, 'graphql-transport-ws');
        socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant, authorization: `Bearer ${token}` } }));
        socket.onmessage = (event) => (resolve(event.data), socket.close());
        socket.onerror = () => resolve('error');
      }),
    [city.slug, accessToken],
  );
  expect(JSON.parse(reply)).toEqual({ type: 'connection_ack' });
  env.tab.expectNoConsoleErrors();
});

describe.each(CITIES)('the console at $name', (city) => {
  it('signs SUPPORT staff in with the keyboard, shows the city’s console, keeps the session across a reload, and signs out', async () => {
    const { page } = env.tab;
    await page.goto(cityUrl(env.platform, city, '/console'));
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(city.name);
    expect(await bannerColour(page)).toBe(city.primary);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-sign-in-${city.slug}`);

    // Nothing typed: each missing field says so beside itself, and the summary takes focus.
    await page.getByLabel(identifierLabel(city), { exact: true }).focus();
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    const missing = city.slug === 'norman' ? 'Enter your username.' : 'Enter your email.';
    expect(await fieldDescription(page, identifierLabel(city))).toBe(missing);
    expect(await fieldDescription(page, 'Password')).toBe('Enter your password.');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await summary.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-sign-in-errors-${city.slug}`);

    const user = staff(city, 'SUPPORT');
    await signInWithKeyboard(page, city, demoSignIn(user), 'not the password');
    await page.getByRole('alert').filter({ hasText: 'The sign-in details are not correct.' }).waitFor();

    await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(`Signed in as ${user.name} · Support`);
    const navigation = page.getByRole('navigation', { name: 'Console pages' });
    expect(await navigation.getByRole('link').allInnerTexts()).toEqual([
      'Payments board',
      'Accounts',
      'Restorations',
      'Disconnections',
      'Paperless',
      'Counter payment',
      'My drawer',
      'Daily totals',
      'E-check blocks',
      'Lockouts',
    ]);

    await navigation.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
    expect(new URL(page.url()).pathname).toBe('/console/accounts');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-shell-${city.slug}`);

    const session = await storedSession(page, city);
    expect(session).not.toBeNull();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    expect(await storedSession(page, city)).toBeNull();
    // Signed out on the server too: the refresh token no longer works.
    const refreshed = await env.platform.client.asTenant(city.slug).data<{ refreshSession: { session: unknown; userErrors: { code: string }[] } }>(REFRESH, { token: session!.refreshToken });
    expect(refreshed.refreshSession).toMatchObject({ session: null, userErrors: [{ code: 'INVALID_TOKEN' }] });
    env.tab.expectNoConsoleErrors();
  });

  it('refreshes an ADMIN’s access token before it expires, and before a request after the device slept past expiry', async () => {
    const { page } = env.tab;
    await page.clock.install();
    await page.goto(cityUrl(env.platform, city, '/console'));
    await signInWithKeyboard(page, city, demoSignIn(staff(city, 'ADMIN')), DEMO_STAFF_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
    const first = (await storedSession(page, city))!;
    const lifetimeMs = Date.parse(first.accessTokenExpiresAt) - Date.now();

    // A minute before expiry (the page's clock jumps; the server's does not), the page trades its refresh token.
    await page.clock.fastForward(lifetimeMs - 65_000);
    expect((await storedSession(page, city))!.accessToken).toBe(first.accessToken);
    await page.clock.fastForward(10_000);
    await page.waitForFunction(
      ([key, token]) => !(globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(key!)?.includes(token!),
      [`web.console.session.${city.slug}`, first.accessToken],
    );
    const second = (await storedSession(page, city))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(Date.parse(second.accessTokenExpiresAt)).toBeGreaterThan(Date.parse(first.accessTokenExpiresAt));
    const viewer = await env.platform.client
      .asTenant(city.slug)
      .withHeaders({ authorization: `Bearer ${second.accessToken}` })
      .data<{ viewer: { roles: string[] } }>(VIEWER);
    expect(viewer.viewer.roles).toEqual(['ADMIN']);

    const navigation = page.getByRole('navigation', { name: 'Console pages' });
    expect(await navigation.getByRole('link').allInnerTexts()).toEqual([
      'Payments board',
      'Accounts',
      'Restorations',
      'Disconnections',
      'Paperless',
      'Approvals',
      'Counter payment',
      'My drawer',
      'Daily totals',
      'E-check blocks',
      'Lockouts',
      'Bill import',
      'Audit log',
      'Autopay runs',
      'Staff',
    ]);
    await navigation.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

    // A laptop that slept past expiry (no timer ran): the next request refreshes first, then goes with the new token.
    const operations: string[] = [];
    page.on('request', (request) => {
      const body = request.postData();
      if (body) operations.push((JSON.parse(body) as { operationName: string }).operationName);
    });
    await page.clock.setSystemTime(second.accessTokenLocalExpiry + 5_000);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    expect(operations).toEqual(['RefreshSession', 'SignOut']);
    const [admin] = await tenantRows<{ id: string }>(env.platform, city.slug, 'SELECT id FROM users WHERE email = $1', [staff(city, 'ADMIN').email]);
    expect(await tenantRows(env.platform, city.slug, 'SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [admin!.id])).toEqual([]);
    env.tab.expectNoConsoleErrors();
  });

  it('refuses a resident’s valid credentials with a clear message and ends the session they opened', async () => {
    const { page } = env.tab;
    const tag = `${city.slug}-${Date.now().toString(36)}`;
    const identity =
      city.slug === 'norman'
        ? { username: `resident_${tag.replace(/-/g, '_')}`, name: 'Rita Resident', email: `rita-${tag}@example.com`, phone: '(405) 555-0134' }
        : { email: `rita-${tag}@example.com` };
    const { user } = await registerCustomer(env.platform.client.asTenant(city.slug), identity);

    await page.goto(cityUrl(env.platform, city, '/console'));
    await signInWithKeyboard(page, city, identity.username ?? identity.email, 'correct horse battery staple');
    const refusal = page.getByRole('alert').filter({ hasText: 'This sign-in is for city staff only. Residents sign in on the city’s payment site.' });
    await refusal.waitFor();
    const portalLink = refusal.getByRole('link', { name: 'Go to the payment site' });
    expect(new URL((await portalLink.getAttribute('href'))!, page.url()).href).toBe(cityUrl(env.platform, city, '/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Staff sign-in');
    expect(await storedSession(page, city)).toBeNull();
    await expectNoSeriousAccessibilityViolations(page);

    // Registration opened one session, the console's sign-in another, which the console ended at once.
    const sessions = await tenantRows<{ open: boolean }>(env.platform, city.slug, 'SELECT revoked_at IS NULL AS open FROM sessions WHERE user_id = $1 ORDER BY created_at', [user.id]);
    expect(sessions.map((s) => s.open)).toEqual([true, false]);
    env.tab.expectNoConsoleErrors();
  });
});
