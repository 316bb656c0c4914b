import { platformInBrowser } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { signInAs, waitUntil } from './console-staff';
import { CITIES } from './web-pages';

/*
 * Norman's office: a disconnected household pays its whole balance in cash at the counter. The clerk who took the
 * cash then opens the account (or the Restorations page) to restore service. The API never lets that clerk approve it
 * (SECOND_STAFF_REQUIRED: four eyes on money taken), so the console must not offer them "Approve restoration" only for
 * the server to refuse it after they typed a reason: as for an e-check waiting on its bank, the page says who approves
 * it instead (restorationApprovable and restorationBlockedBy answer for the staff member asking).
 */
const env = platformInBrowser();
const NORMAN = CITIES[1];
const DISCONNECTED = '2003-1188';

describe('a restoration paid in cash at the counter, seen by the clerk who took the cash', () => {
  it('is not offered to that clerk for approval on the account page, which the API would refuse', async () => {
    const { page } = env.tab;
    await signInAs(page, env.platform, NORMAN, 'SUPPORT');

    // Take the whole balance in cash at the counter.
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
    await page.getByLabel('Account number', { exact: true }).fill(DISCONNECTED);
    await page.getByRole('button', { name: 'Find account' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(DISCONNECTED) }).waitFor();
    const due = (
      await page
        .locator('dt', { hasText: /^Amount due/ })
        .locator('xpath=following-sibling::dd[1]')
        .innerText()
    ).trim();
    await page.getByLabel('Amount', { exact: true }).fill(due);
    await page.getByLabel('Cash received', { exact: true }).fill(due);
    await page.getByLabel('Received by', { exact: true }).fill('Sally at window 2');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();

    await goToAccounts(page);
    await openAccount(page, DISCONNECTED);
    await page.getByText('Status: Restoration pending', { exact: true }).waitFor();
    const approve = page.getByRole('button', { name: 'Approve restoration' });
    const offered = await approve.count();
    let refusal = '';
    if (offered > 0) {
      // What the clerk meets when they take the offer.
      await approve.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason', { exact: true }).fill('Paid in full at the counter');
      await dialog.getByRole('button', { name: /Approve/ }).click();
      await dialog.getByRole('alert').waitFor();
      refusal = (await dialog.getByRole('alert').innerText()).replace(/\s+/g, ' ').trim();
    }
    expect({ offered, refusal }).toEqual({ offered: 0, refusal: '' });
  }, 120_000);

  it('is not offered to that clerk on the Restorations page either (an enabled Approve the API refuses)', async () => {
    const { page } = env.tab;
    // The previous test's clerk took the cash; the same demo SUPPORT signs in again.
    await signInAs(page, env.platform, NORMAN, 'SUPPORT');
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
    await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
    const approve = page.getByRole('button', { name: `Approve restoration of ${DISCONNECTED}` });
    await approve.waitFor();
    await waitUntil('the row has its state', async () => (await page.getByRole('row').filter({ hasText: DISCONNECTED }).innerText()).length > 0);
    expect({ approveEnabledForTheClerkWhoTookTheCash: await approve.isEnabled() }).toEqual({ approveEnabledForTheClerkWhoTookTheCash: false });
  }, 120_000);
});
