import { ADJUST, accountById, openAccount as openAccountApi, signInStaff } from '../billing/billing-api';
import { linkedResident } from '../customers/linked-resident';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { goToAccounts, openAccount, rowTexts, searchAccounts } from './console-account-pages';
import { focused, guestPays, signInAs, waitUntil } from './console-staff';
import { sidewaysOverflow } from './overflow';
import { CITIES, fieldDescription, loseAnswers, mutationInputs, perceived, seenTexts } from './web-pages';

// The account page's edges, as a review found them: an adjustment whose answer was lost, lists longer than one page,
// an amount written with a decimal comma, a refusal said where the keyboard is, a holder's long email address on a phone.
const env = platformInBrowser();
const [NORWALK, NORMAN] = CITIES;

const LEDGER = `query L($id: UUID!) { serviceAccount(id: $id) { ledger(first: 50) { edges { node { kind memo amount { amount } } } } } }`;

describe('an adjustment whose answer was lost (Norman, ADMIN)', () => {
  it('is recorded once when the admin, told it could not be confirmed, re-enters the same fee as 12.50 after typing 12.5; the ledger shown after Cancel has it', async () => {
    const { page } = env.tab;
    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) bodies.push(request.postData() ?? '');
    });
    await signInAs(page, env.platform, NORMAN, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, '2002-0933');
    const accountId = new URL(page.url()).pathname.split('/').at(-1)!;

    await loseAnswers(page, 'ConsoleAdjustment');
    await page.getByRole('button', { name: 'Record adjustment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust account 2002-0933' });
    await dialog.getByLabel('Kind').selectOption({ label: 'Fee' });
    await dialog.getByLabel('Amount', { exact: true }).fill('12.5');
    await dialog.getByLabel('Reason', { exact: true }).fill('Returned check fee');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await dialog.getByRole('alert').waitFor();
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await waitUntil('Cancel can be pressed', () => cancel.isEnabled());
    const said = await dialog.getByRole('alert').innerText();
    const focusedOnAlert = (await focused(page)).text.trim() === said.trim();

    // The admin closes the dialog: the ledger, read again, shows what was recorded.
    await cancel.click();
    await dialog.waitFor({ state: 'detached' });
    const feeShown = (rows: string[]) => rows.some((row) => /Fee Returned check fee \$12\.50$/.test(row));
    const ledgerAfterCancelShowsFee = await waitUntil('the ledger shows the fee', async () => feeShown(await rowTexts(page, 'Ledger'))).then(
      () => true,
      () => false,
    );

    // Told it may have been recorded, the admin enters the same fee again, writing the cents out.
    await page.getByRole('button', { name: 'Record adjustment' }).click();
    await dialog.getByLabel('Kind').selectOption({ label: 'Fee' });
    await dialog.getByLabel('Amount', { exact: true }).fill('12.50');
    await dialog.getByLabel('Reason', { exact: true }).fill('Returned check fee');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await page.getByRole('status').filter({ hasText: 'Adjustment to account 2002-0933 recorded.' }).waitFor();

    const admin = await signInStaff(env.platform, NORMAN.slug, 'ADMIN');
    const { serviceAccount } = await admin.data<{ serviceAccount: { ledger: { edges: { node: { kind: string; memo: string; amount: { amount: string } } }[] } } }>(LEDGER, { id: accountId });
    const fees = serviceAccount.ledger.edges.map((e) => e.node).filter((n) => n.memo === 'Returned check fee');
    const sent = mutationInputs(bodies, 'ConsoleAdjustment');

    // One fee of $12.50 was meant, and the resident must not be charged it twice: both presses were one attempt (one key,
    // one amount). The dialog says the adjustment may have been recorded (not that "the page" failed), and takes focus.
    expect({
      feesRecorded: fees.map((fee) => `${fee.kind} ${fee.amount.amount}`),
      sent: sent.map((input) => `${String(input.amount)} ${String(input.idempotencyKey === sent[0]?.idempotencyKey)}`),
      dialogSaid: said,
      focusedOnAlert,
      ledgerAfterCancelShowsFee,
    }).toEqual({
      feesRecorded: ['FEE 12.50'],
      sent: ['12.50 true', '12.50 true'],
      dialogSaid: expect.stringContaining('it could not be confirmed whether the adjustment was recorded'),
      focusedOnAlert: true,
      ledgerAfterCancelShowsFee: true,
    });
    expect(said).not.toContain('The page could not be loaded');
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  }, 90_000);
});

describe('an account with more than one page of payments and ledger entries (Norwalk)', () => {
  it('lets SUPPORT reach, with the keyboard, and refund the oldest of its payments from the account page', async () => {
    const { page } = env.tab;
    const confirmations: string[] = [];
    for (let i = 0; i < 22; i++) confirmations.push(await guestPays(env.platform, 'norwalk', '1.00'));
    const oldest = confirmations[0]!;

    await signInAs(page, env.platform, NORWALK, 'SUPPORT');
    await goToAccounts(page);
    await openAccount(page, '10-1001-00');
    const payments = page.getByRole('region', { name: 'Payments' });
    await payments.getByRole('row').nth(1).waitFor();
    const firstPage = await payments.getByRole('rowheader').allInnerTexts();
    // Pressed with Enter until it offers no more; each time, focus goes to the first payment it added.
    const arrivals: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const more = payments.getByRole('button', { name: 'Show older payments' });
      if ((await more.count()) === 0) break;
      const shownBefore = await payments.getByRole('rowheader').count();
      await more.focus();
      await page.keyboard.press('Enter');
      await waitUntil('older payments are shown', async () => (await payments.getByRole('rowheader').count()) > shownBefore);
      const firstAdded = (await payments.getByRole('rowheader').nth(shownBefore).innerText()).trim();
      await waitUntil('focus is on the first payment added', async () => (await focused(page)).text.trim() === firstAdded, 5000).then(
        () => arrivals.push(true),
        () => arrivals.push(false),
      );
    }
    const shown = (await payments.getByRole('rowheader').allInnerTexts()).map((text) => text.trim());

    // 22 payments made here (and any the demo account had): the oldest of them must be reachable, to refund or void it.
    expect({ firstPage: firstPage.length, oldestShown: shown.includes(oldest), allDifferent: new Set(shown).size === shown.length, arrivals }).toEqual({
      firstPage: 20,
      oldestShown: true,
      allDifferent: true,
      arrivals: arrivals.map(() => true),
    });
    expect(arrivals.length).toBeGreaterThan(0);
    await payments.getByRole('button', { name: `Refund ${oldest}` }).waitFor({ timeout: 2000 });
    await expectNoSeriousAccessibilityViolations(page);
    env.tab.expectNoConsoleErrors();
  }, 120_000);

  it('shows the ledger 50 entries at a time, and its oldest entry after "Show older ledger entries"', async () => {
    const admin = await signInStaff(env.platform, NORWALK.slug, 'ADMIN');
    const account = await openAccountApi(admin, { customerName: 'Ledger Longhistory' });
    for (let i = 1; i <= 51; i++) {
      const input = { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '1.00', memo: `Correction ${i}`, idempotencyKey: `ledger-page-${account.id}-${i}` };
      const { recordAccountAdjustment } = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, { input });
      if (recordAccountAdjustment.userErrors.length > 0) throw new Error(JSON.stringify(recordAccountAdjustment.userErrors));
    }
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'SUPPORT');
    await goToAccounts(page);
    await openAccount(page, account.accountNumber);
    const ledger = page.getByRole('region', { name: 'Ledger' });
    await ledger.getByRole('row').nth(1).waitFor();
    const before = await rowTexts(page, 'Ledger');

    await ledger.getByRole('button', { name: 'Show older ledger entries' }).focus();
    await page.keyboard.press('Enter');
    await waitUntil('the 51st entry is shown', async () => (await rowTexts(page, 'Ledger')).length > before.length);
    const after = await rowTexts(page, 'Ledger');
    const memos = (rows: string[]) => rows.filter((row) => /Correction \d+/.test(row)).map((row) => /Correction (\d+)/.exec(row)![1]);

    // A header row and 50 entries, then all 51: the oldest ("Correction 1") only after asking for more; nothing shown twice.
    expect({
      before: memos(before).length,
      after: memos(after).sort((a, b) => Number(a) - Number(b)),
      moreOffered: await ledger.getByRole('button', { name: 'Show older ledger entries' }).count(),
    }).toEqual({
      before: 50,
      after: Array.from({ length: 51 }, (_, i) => String(i + 1)),
      moreOffered: 0,
    });
    expect(memos(before)).not.toContain('1');
    // The button is gone: focus went to the entry it added, not to the top of the document.
    expect((await focused(page)).tag).toBe('TD');
  }, 120_000);
});

describe('account search with more than one page of results (Norwalk)', () => {
  it('keeps keyboard focus when "Show more accounts" is pressed with Enter: busy while loading, then on the first account added', async () => {
    const admin = await signInStaff(env.platform, NORWALK.slug, 'ADMIN');
    for (let i = 0; i < 25; i++) await openAccountApi(admin, { customerName: `Zelda Quimby ${i}` });
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'SUPPORT');
    await goToAccounts(page);
    await searchAccounts(page, 'Quimby');
    const results = page.getByRole('table').getByRole('rowheader');
    expect(await results.count()).toBe(20);

    // The next page is held back until the busy button has been looked at.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('"operationName":"ConsoleAccountSearch"') && !body.includes('"after":null')) await held;
      return route.fallback();
    });
    await page.getByRole('button', { name: 'Show more accounts' }).focus();
    await page.keyboard.press('Enter');
    const busy = page.getByRole('button', { name: 'Loading more accounts…' });
    await busy.waitFor();
    const whileLoading = { focus: (await focused(page)).text, ariaDisabled: await busy.getAttribute('aria-disabled') };
    release();

    await page.getByRole('status').filter({ hasText: /25/ }).waitFor();
    expect(await results.count()).toBe(25);
    const twentyFirst = (await results.nth(20).innerText()).trim();
    await waitUntil('focus is on the first account added', async () => (await focused(page)).text.trim() === twentyFirst, 5000).catch(() => undefined);
    const after = await focused(page);
    expect({ whileLoading, after: { tag: after.tag, text: after.text.trim() } }).toEqual({
      whileLoading: { focus: 'Loading more accounts…', ariaDisabled: 'true' },
      after: { tag: 'A', text: twentyFirst },
    });
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('an amount written with a decimal comma (Norwalk, ADMIN)', () => {
  it('refuses "5,00" in the refund dialog and "-12,50" in the adjustment dialog, in Español, instead of reading them 100 times larger; "-12.50" credits $12.50', async () => {
    const admin = await signInStaff(env.platform, NORWALK.slug, 'ADMIN');
    const account = await openAccountApi(admin, { customerName: 'Lucía Fernández' });
    const confirmation = await guestPays(env.platform, 'norwalk', '10.00');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, '10-1001-00');

    // A refund of five dollars written "5,00": refused at the field, nothing sent.
    await page.getByRole('button', { name: `Refund ${confirmation}` }).click();
    const refund = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
    await refund.getByLabel('Amount to refund').fill('5,00');
    await refund.getByLabel('Reason', { exact: true }).fill('Overpaid');
    await refund.getByRole('button', { name: 'Refund', exact: true }).click();
    await waitUntil('the amount is marked invalid', async () => (await refund.getByLabel('Amount to refund').getAttribute('aria-invalid')) === 'true');
    expect(await fieldDescription(page, 'Amount to refund')).toContain('Enter an amount in dollars and cents with a decimal point, e.g. 20.00.');
    await refund.getByRole('button', { name: 'Cancel' }).click();

    // A goodwill credit of twelve fifty, written as much of the Spanish-speaking world writes it.
    await goToAccounts(page);
    await openAccount(page, account.accountNumber);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: 'Registrar ajuste' }).click();
    const adjust = page.getByRole('dialog', { name: `Ajustar la cuenta ${account.accountNumber}` });
    await adjust.getByLabel('Importe', { exact: true }).fill('-12,50');
    await adjust.getByLabel('Motivo', { exact: true }).fill('Crédito de cortesía');
    await adjust.getByRole('button', { name: 'Registrar ajuste' }).click();
    await waitUntil('the amount is marked invalid', async () => (await adjust.getByLabel('Importe', { exact: true }).getAttribute('aria-invalid')) === 'true');
    expect(await fieldDescription(page, 'Importe')).toContain('Escriba un importe en dólares y centavos con punto decimal, p. ej. 25.00 o -25.00.');
    expect((await accountById(admin, account.id)).balance.posted.amount).toBe('0.00');

    // Written with a point, it is the credit meant: $12.50, not $1,250.00.
    await adjust.getByLabel('Importe', { exact: true }).fill('-12.50');
    await adjust.getByRole('button', { name: 'Registrar ajuste' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Ajuste de la cuenta ${account.accountNumber} registrado.` })
      .waitFor();
    expect((await accountById(admin, account.id)).balance.posted.amount).toBe('-12.50');
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('a refund the dialog or the server refuses, by keyboard and screen reader (Norwalk, ADMIN)', () => {
  it('takes focus to the field whose error says why (no reason; more than is left), and keeps it on Refund while the server is asked', async () => {
    const confirmation = await guestPays(env.platform, 'norwalk', '10.00');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, '10-1001-00');
    await page.getByRole('button', { name: `Refund ${confirmation}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
    await dialog.waitFor();

    // Keyboard only: Tab past the amount and the empty reason to Refund, and press it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitUntil('the reason is marked invalid', async () => (await dialog.getByLabel('Reason', { exact: true }).getAttribute('aria-invalid')) === 'true');
    const afterMissingReason = await perceived(page);

    // More than is left: the server refuses it at the amount field. Its answer is held until the page has been looked at while busy.
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/graphql', async (route) => {
      if ((route.request().postData() ?? '').includes('"operationName":"ConsoleRefund"')) await held;
      return route.fallback();
    });
    await dialog.getByLabel('Amount to refund').fill('9999.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Charged twice');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).focus();
    await page.keyboard.press('Enter');
    const busy = dialog.getByRole('button', { name: 'Working…' });
    await busy.waitFor();
    const whileAsking = { ...(await perceived(page)), ariaDisabled: await busy.getAttribute('aria-disabled') };
    // Escape does not close a dialog whose action is under way.
    await page.keyboard.press('Escape');
    answer();
    await waitUntil('the amount is marked invalid', async () => (await dialog.getByLabel('Amount to refund').getAttribute('aria-invalid')) === 'true');
    const afterRefusal = await perceived(page);

    expect({
      afterMissingReason: [afterMissingReason.focus, afterMissingReason.focusDescription],
      whileAsking: [whileAsking.focus, whileAsking.ariaDisabled],
      afterRefusal: [afterRefusal.focus, afterRefusal.focusDescription],
    }).toEqual({
      afterMissingReason: ['TEXTAREA: Reason', 'Enter a reason.'],
      whileAsking: ['BUTTON: Working…', 'true'],
      afterRefusal: ['INPUT: Amount to refund', expect.stringContaining('At most $10.00 is left to refund.')],
    });
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('what is left of a payment to refund (Norwalk, SUPPORT)', () => {
  it('is written as the API writes the payment’s total: "Up to $1,250.00", not "$1250.00"', async () => {
    const confirmation = await guestPays(env.platform, 'norwalk', '1250.00');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'SUPPORT');
    await goToAccounts(page);
    await openAccount(page, '10-1001-00');
    await page.getByRole('button', { name: `Refund ${confirmation}` }).click();
    const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
    // The total is the API's Money.formatted; what is left, the page's own: one way of writing money.
    expect(await seenTexts(dialog.getByRole('paragraph').filter({ hasText: /can be refunded/ }))).toEqual([
      expect.stringMatching(/^A payment of \$1,250\.00 by .+\. Up to \$1,250\.00 can be refunded;/),
    ]);
    env.tab.expectNoConsoleErrors();
  }, 60_000);
});

describe('an account whose registered holder has a long email address (Norwalk, on a phone)', () => {
  it('keeps the account page within a 375 px window, the address wrapped in the Linked users section', async () => {
    const email = 'averyveryverylongmailboxnameaveryveryverylongmailbox@subdomain.of.a.rather.long.city.department.example.gov';
    await linkedResident(env.platform, 'norwalk', { email, name: 'Bartholomew Fitzgerald-Hernández' }, '10-1002-00');

    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'SUPPORT');
    await goToAccounts(page);
    await openAccount(page, '10-1002-00');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('region', { name: 'Linked users' }).getByText(email).waitFor();
    // The page is as wide as the window, and the address wraps within it (tables and the navigation scroll in their own boxes).
    const { width, culprits } = await sidewaysOverflow(page);
    expect({ width, address: culprits.filter((text) => text.includes('averyvery')) }).toEqual({ width: 375, address: [] });
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});
