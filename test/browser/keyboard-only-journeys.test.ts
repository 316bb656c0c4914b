import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { platformInBrowser, type Page } from './browser';
import { guestPays } from './console-staff';
import { CITIES, cityUrl, perceived } from './web-pages';

/*
 * What axe cannot find, as a person at the keyboard alone meets it (WCAG 2.1.1, 2.4.3, 2.4.7, 3.3.1, 4.1.3): a guest
 * payment from the city's home page to its receipt, the card typed into the processor's frame, and a staff refund
 * from sign-in to done. Every control reached shows where focus is; each step moves focus to its heading, a refusal to
 * the error summary or the field at fault (marked invalid, its error its description); the refund dialog keeps focus
 * inside, Escape closes it, and focus returns to the button that opened it.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

interface Focus {
  /** The focused control's name (aria-label, else its label, else its text), with FRAME: first inside the processor's frame. */
  readonly name: string;
  /** Whether a person sees where focus is: an outline or a ring drawn round it. */
  readonly visible: boolean;
  readonly inDialog: boolean;
}

const FOCUS_OF = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { name: 'BODY', visible: false, inDialog: false, frame: false };
  if (el.tagName === 'IFRAME') return { name: '', visible: true, inDialog: false, frame: true };
  const text = (node) => (node ? (node.innerText || node.textContent || '').replace(/\\s+/g, ' ').trim() : '');
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? text(el.labels[0]) : '') || text(el);
  return { name: name.slice(0, 80), visible, inDialog: !!el.closest('dialog'), frame: false };
})()`;

async function focusNow(page: Page): Promise<Focus> {
  const top = await page.evaluate<Focus & { frame: boolean }>(FOCUS_OF);
  if (!top.frame) return top;
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
  const inner = await frame.evaluate<Focus>(FOCUS_OF);
  return { ...inner, name: `FRAME: ${inner.name}` };
}

/** Presses Tab until focus is on the control named `name`, noting every control reached whose focus a person could not see. */
async function tabTo(page: Page, name: RegExp, unseen: string[], options: { back?: boolean } = {}): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const focus = await focusNow(page);
    if (!focus.visible && focus.name !== 'BODY') unseen.push(focus.name);
    if (name.test(focus.name)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

it('a guest pays a bill with the keyboard alone: focus always seen, each step’s heading focused, a refusal focused and tied to its field', async () => {
  const { page } = env.tab;
  const unseen: string[] = [];
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('heading', { level: 1 }).waitFor();

  await tabTo(page, /^Skip to main content$/, unseen);
  await page.keyboard.press('Enter');
  await tabTo(page, /^Pay a bill$/, unseen);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Find your account' }).waitFor();
  expect((await perceived(page)).focus).toBe('H1: Find your account');

  await tabTo(page, /^Account number/, unseen);
  await page.keyboard.press('Enter');
  await page.getByRole('alert').first().waitFor();
  const refused = await perceived(page);
  expect(refused.focus).toMatch(/^DIV: There is a problem/);
  expect(refused.live.join(' ')).toMatch(/account number/i);
  // The summary's link takes focus to the field, which says what is wrong with it.
  await tabTo(page, /account number/i, unseen);
  await page.keyboard.press('Enter');
  const field = await perceived(page);
  expect(field.focus).toMatch(/^INPUT: Account number/);
  expect(field.focusDescription).toMatch(/account number/i);
  expect(await page.getByLabel('Account number').getAttribute('aria-invalid')).toBe('true');

  await page.keyboard.type('10-1001-00');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Check the amount' }).waitFor();
  expect((await perceived(page)).focus).toBe('H1: Check the amount');
  await tabTo(page, /^Email for your receipt/, unseen);
  await page.keyboard.type('guest@example.com');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Pay' }).waitFor();
  expect((await perceived(page)).focus).toBe('H1: Pay');

  // Into the processor's frame, field by field, as typed.
  const card: [RegExp, string][] = [
    [/^FRAME: Card number/, SANDBOX_TEST_CARDS.visa],
    [/^FRAME: Expiration date/, '12/34'],
    [/^FRAME: Security code/, '123'],
    [/^FRAME: Billing ZIP code/, '90650'],
    [/^FRAME: Name on card/, 'Pat Guest'],
  ];
  for (const [name, typed] of card) {
    await tabTo(page, name, unseen);
    await page.keyboard.type(typed);
  }
  await tabTo(page, /^Pay \$/, unseen);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Thank you: your payment is received' }).waitFor();
  expect((await perceived(page)).focus).toBe('H1: Thank you: your payment is received');

  expect(unseen).toEqual([]);
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('staff refund a payment with the keyboard alone: the dialog keeps focus inside, Escape closes it back to its button, a refusal focuses the field at fault', async () => {
  const { page } = env.tab;
  const unseen: string[] = [];
  const confirmation = await guestPays(env.platform, 'norwalk', '12.00');
  const support = DEMO_STAFF.find((staff) => staff.tenant === 'norwalk' && staff.role === 'SUPPORT')!;
  await page.goto(cityUrl(env.platform, NORWALK, '/console'));
  await page.getByRole('heading', { level: 1 }).waitFor();

  await tabTo(page, /^Email/, unseen);
  await page.keyboard.type(demoSignIn(support));
  await tabTo(page, /^Password/, unseen);
  await page.keyboard.type(DEMO_STAFF_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  expect((await perceived(page)).focus).toBe('H1: Payments board');

  await tabTo(page, /^Accounts$/, unseen);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  await tabTo(page, /^Find an account/, unseen);
  await page.keyboard.type('10-1001-00');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: '10-1001-00', exact: true }).waitFor();
  await tabTo(page, /^10-1001-00$/, unseen);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: /^Account 10-1001-00 · / }).waitFor();

  const refundButton = new RegExp(`^Refund ${confirmation}$`);
  await tabTo(page, refundButton, unseen);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
  await dialog.waitFor();
  const inside: boolean[] = [];
  for (let presses = 0; presses < 12; presses++) {
    const focus = await focusNow(page);
    inside.push(focus.inDialog);
    if (!focus.visible) unseen.push(focus.name);
    await page.keyboard.press('Tab');
  }
  expect(inside.every(Boolean)).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect((await focusNow(page)).name).toMatch(refundButton);

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  expect((await perceived(page)).focus).toMatch(/^INPUT: Amount to refund/);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await dialog.locator('[aria-invalid=true]').first().waitFor();
  // Focus on the first field at fault (the amount, or the reason not yet given), whose error is its description.
  const refusal = await perceived(page);
  const atFault = await page.evaluate<string | null>(`document.activeElement.getAttribute('aria-invalid')`);
  expect({ atFault, described: refusal.focusDescription !== '' }).toEqual({ atFault: 'true', described: true });

  await tabTo(page, /^Amount to refund/, unseen);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('12.00');
  await tabTo(page, /^Reason/, unseen);
  await page.keyboard.type('Paid twice');
  await tabTo(page, /^Refund$/, unseen);
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `Refund of payment ${confirmation} done.` })
    .waitFor();
  expect((await perceived(page)).focus).not.toBe('BODY');

  expect(unseen).toEqual([]);
  env.tab.expectNoConsoleErrors();
}, 120_000);
