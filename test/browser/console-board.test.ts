import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { focused, guestPays, signInAsSupport, waitUntil } from './console-staff';
import { CITIES, perceived, type City } from './web-pages';

// Issue 13 items 3 (second part), 4 and 10: the live payment board, at both cities.
const env = platformInBrowser();

const rowOf = (page: Page, confirmation: string) => page.getByRole('row').filter({ hasText: confirmation });
const detailsButton = (page: Page, confirmation: string) => page.getByRole('button', { name: `Details of payment ${confirmation}` });
const connection = (page: Page, state: string) => page.getByRole('status').filter({ hasText: `Live updates: ${state}` });

/** Signed in, on the board, its replay over and the feed live. */
async function openBoard(city: City): Promise<Page> {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, city);
  await connection(page, 'Live').waitFor();
  return page;
}

describe.each(CITIES)('the payment board at $name', (city) => {
  it('shows a guest payment within 2 s, as captured, announces it, and opens its history with the keyboard alone', async () => {
    const page = await openBoard(city);
    await expectNoSeriousAccessibilityViolations(page);

    const confirmation = await guestPays(env.platform, city.slug, '12.34');
    // What a person sees, within 2 s of the payment: its row.
    await detailsButton(page, confirmation).waitFor({ timeout: 2000 });
    const row = rowOf(page, confirmation);
    await row.getByText('Captured', { exact: true }).waitFor();
    expect(await row.innerText()).toContain('$12.34');
    expect(await row.innerText()).toMatch(/Visa ending \d{4}/);
    // Said with its last four one by one, not as a number in the thousands.
    await row.getByRole('cell', { name: /^Visa ending \d \d \d \d$/ }).waitFor();
    expect(await row.innerText()).toMatch(/\*{2,}/);
    await page.getByRole('status').filter({ hasText: '1 new payment' }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-board-${city.slug}`);

    // Keyboard only: the row's button opens the drawer, focus moves in; Escape closes it and focus comes back.
    await detailsButton(page, confirmation).focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: `Payment ${confirmation}` });
    await drawer.waitFor();
    // Each of the drawer's tables is named by the heading above it, as a screen reader announces it.
    const history = drawer.getByRole('table', { name: 'Status history' });
    await drawer.getByRole('table', { name: 'Paid to' }).getByRole('cell', { name: '$12.34' }).waitFor();
    await history.getByRole('cell', { name: 'Captured', exact: true }).waitFor();
    expect(await history.getByRole('cell', { name: 'Pending', exact: true }).count()).toBe(1);
    expect(await history.getByRole('cell', { name: 'Guest payer' }).count()).toBeGreaterThan(0);
    expect(await drawer.innerText()).toContain('$12.34');
    expect(await drawer.ariaSnapshot()).toMatch(/definition: Visa ending \d \d \d \d\n/);
    expect((await focused(page)).inDialog).toBe(true);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-payment-drawer-${city.slug}`);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect((await focused(page)).label).toBe(`Details of payment ${confirmation}`);
    env.tab.expectNoConsoleErrors();
  });

  it('resumes after the server closes its WebSocket: a payment made meanwhile appears exactly once, nothing before it twice', async () => {
    const page = await openBoard(city);
    const before = [await guestPays(env.platform, city.slug, '1.01'), await guestPays(env.platform, city.slug, '1.02')];
    for (const confirmation of before) await detailsButton(page, confirmation).waitFor();
    const rowsBefore = await page.getByRole('row').count();

    // The server drops the connection, and the browser cannot reconnect for a while.
    expect(env.platform.gateway.dropWebSockets()).toBeGreaterThan(0);
    await env.tab.context.setOffline(true);
    await page
      .getByRole('status')
      .filter({ hasText: /Live updates: (Reconnecting|Offline)/ })
      .waitFor();
    const meanwhile = await guestPays(env.platform, city.slug, '1.03');
    expect(await rowOf(page, meanwhile).count()).toBe(0);

    await env.tab.context.setOffline(false);
    await detailsButton(page, meanwhile).waitFor({ timeout: 45_000 });
    await connection(page, 'Live').waitFor();
    expect(await rowOf(page, meanwhile).count()).toBe(1);
    for (const confirmation of before) expect(await rowOf(page, confirmation).count()).toBe(1);
    expect(await page.getByRole('row').count()).toBe(rowsBefore + 1);
    // The only errors: Chromium's own, for the connection attempts made while offline.
    env.tab.expectNoConsoleErrors([/WebSocket connection to .* failed/, /ERR_INTERNET_DISCONNECTED/]);
  });

  it('filters by status and by method on the page, and says how many payments match when a filter is chosen (not again as payments come)', async () => {
    const page = await openBoard(city);
    const confirmation = await guestPays(env.platform, city.slug, '2.22');
    await detailsButton(page, confirmation).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Declined' });
    await waitUntil('the captured payment is filtered out', async () => (await rowOf(page, confirmation).count()) === 0);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Captured' });
    await page.getByLabel('Method', { exact: true }).selectOption({ label: 'Card' });
    await detailsButton(page, confirmation).waitFor();
    // Focus stays on the select: what the filter did reaches a screen reader through a live region alone.
    const matching = Number(/ of (\d+) payments?\./.exec(await page.getByText(/^Showing \d+ of \d+ payments?\.$/).innerText())![1]);
    const onChoosing = (await perceived(page)).live;
    const later = await guestPays(env.platform, city.slug, '2.23');
    await detailsButton(page, later).waitFor();
    await page.getByRole('status').filter({ hasText: '1 new payment' }).waitFor();
    const afterAPayment = (await perceived(page)).live;
    await page.getByLabel('Method', { exact: true }).selectOption({ label: 'Bank account' });
    await page.getByText('No payments match these filters.').waitFor();
    const onNone = (await perceived(page)).live;

    const said = matching === 1 ? '1 payment matches.' : `${matching} payments match.`;
    expect({ onChoosing, afterAPayment, onNone }).toEqual({
      onChoosing: expect.arrayContaining([said]),
      afterAPayment: expect.arrayContaining([said, '1 new payment']),
      onNone: expect.arrayContaining(['No payments match.']),
    });
    env.tab.expectNoConsoleErrors();
  });
});

it('never shows a Norman staff member a Norwalk payment', async () => {
  const norman = CITIES.find((city) => city.slug === 'norman')!;
  const page = await openBoard(norman);
  const norwalkPayment = await guestPays(env.platform, 'norwalk', '3.33');
  const normanPayment = await guestPays(env.platform, 'norman', '3.34');
  // Norman's own payment, made after Norwalk's, has arrived: Norwalk's would have by now.
  await detailsButton(page, normanPayment).waitFor();
  expect(await rowOf(page, norwalkPayment).count()).toBe(0);
  expect(await page.getByText(norwalkPayment).count()).toBe(0);
  env.tab.expectNoConsoleErrors();
});

it('reopens the live connection with the refreshed token and resumes from its last cursor (issue 13 item 3)', async () => {
  const { page } = env.tab;
  const city = CITIES[0];
  const subscribes: { socket: number; after: unknown }[] = [];
  let sockets = 0;
  page.on('websocket', (socket) => {
    const number = ++sockets;
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; payload?: { variables?: { after?: unknown } } };
      if (message.type === 'subscribe') subscribes.push({ socket: number, after: message.payload?.variables?.after });
    });
  });
  await page.clock.install();
  const before = await guestPays(env.platform, city.slug, '4.01');
  await openBoard(city);
  await detailsButton(page, before).waitFor();
  expect(subscribes).toEqual([{ socket: 1, after: '0' }]);
  const key = `web.console.session.${city.slug}`;
  type Storage = { localStorage: { getItem(k: string): string | null } };
  const first = JSON.parse((await page.evaluate((k) => (globalThis as unknown as Storage).localStorage.getItem(k), key))!) as { accessToken: string; accessTokenExpiresAt: string };

  // A minute before the token expires (the page's clock jumps), the page refreshes it, and the socket reopens with it.
  await page.clock.fastForward(Date.parse(first.accessTokenExpiresAt) - Date.now() - 55_000);
  await page.waitForFunction(([k, token]) => !(globalThis as unknown as Storage).localStorage.getItem(k!)?.includes(token!), [key, first.accessToken]);
  await waitUntil('the feed is subscribed again on a new socket', async () => subscribes.length === 2);
  // Resumed from the last event it showed, not from the start.
  expect(subscribes[1]!.socket).toBe(2);
  expect(subscribes[1]!.after).not.toBe('0');
  expect(subscribes[1]!.after).toMatch(/^[\w-]{32}$/);
  await connection(page, 'Live').waitFor();

  const after = await guestPays(env.platform, city.slug, '4.02');
  await detailsButton(page, after).waitFor();
  expect(await rowOf(page, before).count()).toBe(1);
  expect(await rowOf(page, after).count()).toBe(1);
  env.tab.expectNoConsoleErrors();
});

it('keeps keyboard focus on the board after "Show more": on the first payment it added, not the top of the page', async () => {
  const city = CITIES[0];
  // More payments than the board's first 100 rows: the oldest are behind "Show more".
  for (let i = 0; i < 101; i++) await guestPays(env.platform, city.slug, '1.00');
  const page = await openBoard(city);
  const payments = page.getByRole('table').getByRole('rowheader');
  await waitUntil('the first 100 payments are shown', async () => (await payments.count()) === 100);
  const more = page.getByRole('button', { name: /^Show \d+ more$/ });
  await more.focus();
  await page.keyboard.press('Enter');
  await waitUntil('older payments are shown', async () => (await payments.count()) > 100);

  // Focus is on the 101st payment's details button, where a keyboard user reads on.
  const firstAdded = (await payments.nth(100).innerText()).trim();
  await waitUntil('focus is on the first payment added', async () => (await focused(page)).label === `Details of payment ${firstAdded}`, 5000).catch(() => undefined);
  expect(await focused(page)).toMatchObject({ tag: 'BUTTON', label: `Details of payment ${firstAdded}`, text: firstAdded });
  env.tab.expectNoConsoleErrors();
}, 120_000);
