import { FixedClock } from '@platform/testkit';
import { disconnectedAndPaidByEcheck } from '../billing/disconnected-paid-by-echeck';
import { platformInBrowser } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { signInAsSupport } from './console-staff';
import { CITIES } from './web-pages';

/*
 * Norman: a disconnected household pays its balance in full by e-check. On the
 * posting day the e-check posts, but its bank has not settled it: the API
 * refuses to approve the restoration (PAYMENT_NOT_POSTED, "The e-check has
 * posted but its bank has not cleared it yet"). The console says the same, by
 * the API's own test (restorationApprovable, restorationBlockedBy):
 *  - the account page offers no "Approve restoration" (it offered it, with a
 *    dialog saying "The payment has posted: service can be restored", and only
 *    the server's refusal, after a reason was typed, stopped staff), and says
 *    that the bank is what approval waits for;
 *  - the restoration queue's row says the payment posted and waits for the bank
 *    (it said "Not yet: approve once it posts" beside a payment shown as Posted).
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const city = CITIES[1];
const env = platformInBrowser({ clock, jobs: true });

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('a Norman restoration paid by an e-check that has posted but not cleared its bank', () => {
  it('is not offered for approval on the account page, which says approval waits for the bank', async () => {
    await disconnectedAndPaidByEcheck(env.platform, clock, '3301-0001', '000555550011');
    const { tab } = env;
    const { page } = tab;
    await signInAsSupport(page, env.platform, city);
    await goToAccounts(page);
    await openAccount(page, '3301-0001');
    await page.getByText('Status: Restoration pending', { exact: true }).waitFor();
    // The API would refuse it (the e-check has not cleared its bank): no Approve to press, and the reason why.
    const actions = page.getByRole('region', { name: 'Account actions' });
    await actions.getByText('The e-check has posted; approve once its bank clears it.').waitFor();
    expect({ offered: await page.getByRole('button', { name: 'Approve restoration' }).count(), actions: words(await actions.innerText()) }).toEqual({
      offered: 0,
      actions: 'The e-check has posted; approve once its bank clears it.',
    });
    tab.expectNoConsoleErrors();
  }, 180_000);

  it('is listed in the restoration queue as posted and waiting for the bank, not as "not yet posted"', async () => {
    await disconnectedAndPaidByEcheck(env.platform, clock, '3301-0002', '000555550012');
    const { tab } = env;
    const { page } = tab;
    await signInAsSupport(page, env.platform, city);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Restorations' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3301-0002' }) });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map(words);
    // What the row says of the payment and of why approval waits must agree, and name the bank.
    expect({ payment: cells[1]?.endsWith('· $120.00 · Posted'), posted: cells[2] }).toEqual({ payment: true, posted: 'Posted, waiting for the bank' });
    expect(await row.getByRole('button', { name: 'Approve restoration of 3301-0002' }).isDisabled()).toBe(true);
    tab.expectNoConsoleErrors();
  }, 180_000);
});
