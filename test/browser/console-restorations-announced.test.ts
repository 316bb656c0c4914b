import { amountDue } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { guestPays, signInAsSupport } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * The console's live pages follow their feeds. The payments board tells a screen reader user of each new payment
 * through a status region ("1 new payment"); the restoration queue, the page staff keep open to turn water back on,
 * should likewise say when a request arrives, since a row added to a table is silent.
 */
const env = platformInBrowser({ demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('a restoration request arriving on the live Restorations page is announced, as a new payment is on the board', async () => {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, NORWALK);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const before = await perceived(page);

  // Norwalk's disconnected demo account is paid in full by a guest: its restoration request joins the queue.
  const account = { accountNumber: '10-1003-00' };
  const { due } = await amountDue(env.platform.client.asTenant('norwalk'), account);
  await guestPays(env.platform, 'norwalk', due, account);
  await page.getByRole('row').filter({ hasText: '10-1003-00' }).waitFor();
  const after = await perceived(page);

  const announced = after.live.filter((text) => !before.live.includes(text));

  // Opened again, the page replays the queue: the request is there, and not said to be new.
  await page.reload();
  await page.getByRole('row').filter({ hasText: '10-1003-00' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const reopened = await perceived(page);

  expect({ announced, reopened: reopened.live.filter((text) => /restoration request/i.test(text)) }).toEqual({ announced: ['New restoration request: account 10-1003-00'], reopened: [] });
});
