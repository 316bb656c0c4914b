import { SANDBOX_BANK } from '@platform/processor-sandbox';
import type { TestPlatform } from '@platform/testkit';
import type { Locator, Page } from './browser';

/** The two demo cities as a person sees them: name and banner colour (as the browser computes it). */
export const CITIES = [
  { slug: 'norwalk', name: 'City of Norwalk', primary: 'rgb(0, 90, 156)', via: 'host' },
  { slug: 'norman', name: 'City of Norman', primary: 'rgb(132, 22, 23)', via: 'query' },
] as const;

export type City = (typeof CITIES)[number];

/**
 * A page of a city, reached as in production (the city's host, Chromium
 * resolves *.localhost to loopback) or as in development (?tenant=).
 */
export function cityUrl(platform: TestPlatform, city: City, path: '/' | '/console'): string {
  const { port } = platform.gateway;
  return city.via === 'host' ? `http://${city.slug}.localhost:${port}${path}` : `http://127.0.0.1:${port}${path}?tenant=${city.slug}`;
}

/** The banner's background colour, as drawn. */
export function bannerColour(page: Page): Promise<string> {
  // Runs in the page; tests compile without DOM types, hence the cast.
  type Window = { getComputedStyle(element: unknown): { backgroundColor: string } };
  return page.getByRole('banner').evaluate((banner) => (globalThis as unknown as Window).getComputedStyle(banner).backgroundColor);
}

/** What has the keyboard focus now, as a person would hear it (tag and text), or BODY when focus was dropped. */
export const focused = (page: Page) =>
  page.evaluate<string>(`(() => { const el = document.activeElement; return el === document.body || !el ? 'BODY' : el.tagName + ': ' + (el.textContent || '').trim().slice(0, 60); })()`);

/** Moves focus with Tab until it is on the button named `name` (as a keyboard user reaches it), then presses Enter. */
export async function tabToAndPress(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const on = await page.evaluate<string>(`(document.activeElement && document.activeElement.tagName === 'BUTTON') ? document.activeElement.textContent.trim() : ''`);
    if (on === name) return page.keyboard.press('Enter');
  }
  throw new Error(`Tab never reached the button ${name}`);
}

/** What a screen reader user perceives at a moment: see `perceived`. */
export interface Perceived {
  /** The focused element as tag and name (its aria-label, else its label, else its text), or BODY when focus fell to the document. */
  readonly focus: string;
  /** The focused element's description (what its aria-describedby points at): its hint and error. */
  readonly focusDescription: string;
  /** The text of every live region (role=alert, role=status, aria-live): what is announced when it changes. */
  readonly live: readonly string[];
}

/**
 * What a screen reader user perceives once the page has rendered and run its effects (two animation frames on), read
 * from the DOM as assistive technology reads it.
 */
export async function perceived(page: Page): Promise<Perceived> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  // A string, as it runs in the page (this package has no DOM types).
  return page.evaluate<Perceived>(`(() => {
    const el = document.activeElement;
    const text = (node) => (node ? (node.innerText || node.textContent || '').replace(/\\s+/g, ' ').trim() : '');
    const byIds = (ids) => (ids || '').split(/\\s+/).filter(Boolean).map((id) => text(document.getElementById(id))).join(' ');
    const dropped = !el || el === document.body;
    const name = dropped ? '' : el.getAttribute('aria-label') || (el.labels && el.labels[0] ? text(el.labels[0]) : '') || text(el);
    return {
      focus: dropped ? 'BODY' : el.tagName + ': ' + name.slice(0, 80),
      focusDescription: dropped ? '' : byIds(el.getAttribute('aria-describedby')),
      live: [...document.querySelectorAll('[role=alert],[role=status],[aria-live]:not([aria-live=off])')].map(text).filter(Boolean),
    };
  })()`);
}

/**
 * Each element's text as a sighted person reads it (innerText), without the words kept for screen readers alone: an
 * element clipped to a box of a pixel or less ("Visa ending 4 2 4 2", said beside the "Visa ending 4242" shown).
 */
export function seenTexts(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) => {
    // Typed here, as it runs in the page (this package has no DOM types); the unseen are put back before it returns.
    type Shown = { innerText: string; textContent: string | null; style: { display: string }; getBoundingClientRect(): { width: number; height: number } };
    const window = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Shown> }; getComputedStyle(element: Shown): { overflow: string } };
    const unseen = [...window.document.querySelectorAll('body *')].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width <= 1 && box.height <= 1 && window.getComputedStyle(element).overflow === 'hidden' && element.textContent;
    });
    const display = unseen.map((element) => element.style.display);
    unseen.forEach((element) => (element.style.display = 'none'));
    try {
      return (elements as unknown as Shown[]).map((element) => element.innerText);
    } finally {
      unseen.forEach((element, index) => (element.style.display = display[index] ?? ''));
    }
  });
}

/** The text of what a field's aria-describedby points at (its error, as a screen reader reads it after the label). */
export async function fieldDescription(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).innerText()),
  );
  return texts.join(' ');
}

/** A control's accessibility facts as a screen reader reads them: aria-invalid, and the text its aria-describedby points at. */
export function described(page: Page, selector: string): Promise<{ invalid: string | null; description: string }> {
  return page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    return { invalid: el.getAttribute('aria-invalid'), description: ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim() };
  })()`);
}

/** The tenant query's sentences in a language, to compare the page with what the API says. */
export async function tenantSentences(platform: TestPlatform, slug: string, language: 'en' | 'es') {
  const { tenant } = await platform.client
    .asTenant(slug)
    .withHeaders({ 'accept-language': language })
    .data<{ tenant: { paymentRules: { convenienceFee: { description: string }; posting: { description: string } } } }>(
      '{ tenant { paymentRules { convenienceFee { description } posting { description } } } }',
    );
  return { fee: tenant.paymentRules.convenienceFee.description, posting: tenant.paymentRules.posting.description };
}

/**
 * Loses the answers to the tab's next `count` requests of a GraphQL operation
 * (by name): each goes to the server, which does all it would, and the
 * connection is reset before its answer reaches the page, as when a phone
 * leaves the Wi-Fi mid-request. Later requests go through as usual.
 */
export async function loseAnswers(page: Page, operationName: string, count = 1): Promise<void> {
  let lost = 0;
  await page.route('**/graphql', async (route) => {
    if (lost >= count || !(route.request().postData() ?? '').includes(`"operationName":"${operationName}"`)) return route.fallback();
    lost++;
    await route.fetch();
    return route.abort('connectionreset');
  });
}

/** A request held back by `holdAnswer`. */
export interface HeldAnswer {
  /** Settles once the page has sent the request (it waits, not yet at the server). */
  readonly asked: Promise<void>;
  /** Lets it go on to the server. */
  release(): void;
  /** Settles once the held request has ended: answered, or given up by the page. */
  readonly ended: Promise<void>;
}

/**
 * Holds the tab's next request of a GraphQL operation (by name; `matching` its body too, if given) before it reaches
 * the server, until `release`: the page can be seen, and acted on, while that answer is on its way. Later requests go
 * through as usual.
 */
export async function holdAnswer(page: Page, operationName: string, matching: (body: string) => boolean = () => true): Promise<HeldAnswer> {
  let release = () => {};
  let asked = () => {};
  let ended = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { asked: new Promise<void>((resolve) => (asked = resolve)), ended: new Promise<void>((resolve) => (ended = resolve)), release: () => release() };
  let taken = false;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (taken || !body.includes(`"operationName":"${operationName}"`) || !matching(body)) return route.fallback();
    taken = true;
    const request = route.request();
    const end = (done: typeof request) => {
      if (done === request) ended();
    };
    page.on('requestfinished', end);
    page.on('requestfailed', end);
    asked();
    await released;
    // The page may have given the request up while it was held: then there is nothing left to let through.
    await route.fallback().catch(() => ended());
  });
  return held;
}

/** The `input` of every request of a GraphQL mutation the tab sent (from recorded request bodies), in order. */
export function mutationInputs(bodies: readonly string[], operationName: string): Record<string, unknown>[] {
  return bodies
    .map((body) => body.slice(body.indexOf('{')))
    .filter((json) => json.includes(`"operationName":"${operationName}"`))
    .map((json) => (JSON.parse(json) as { variables: { input: Record<string, unknown> } }).variables.input);
}

/** The processor's hosted card form, in its frame. */
export const hostedFields = (page: Page) => page.frameLocator('iframe.hosted-fields');

/** A card as a person types it into the card form (`fields`: hostedFields, or a form of the page's own), expiring 12/34. */
export async function fillCard(fields: Pick<Locator, 'getByLabel'>, card: { readonly number: string; readonly cvc?: string; readonly zip?: string; readonly name: string }): Promise<void> {
  await fields.getByLabel('Card number').fill(card.number);
  await fields.getByLabel('Expiration date (MM/YY)').fill('12/34');
  await fields.getByLabel('Security code').fill(card.cvc ?? '123');
  await fields.getByLabel('Billing ZIP code').fill(card.zip ?? '90650');
  await fields.getByLabel('Name on card').fill(card.name);
}

/** The sandbox bank's account that settles, as a person types it into the processor's bank form on `page`. */
export async function fillBankAccount(page: Page, holderName: string): Promise<void> {
  const fields = page.frameLocator('iframe[title="Bank account details"]');
  await fields.getByLabel('Routing number').fill(SANDBOX_BANK.routingNumber);
  await fields.getByLabel('Account number').fill(SANDBOX_BANK.accounts.settles);
  await fields.getByLabel('Checking').check();
  await fields.getByLabel('Account holder name').fill(holderName);
}

/**
 * Waits until the frame is as tall as its form says: a field's check on blur
 * can grow and shrink the form, and a click while the page resizes the frame
 * lands where the button was a moment ago.
 */
export async function frameSettled(page: Page): Promise<void> {
  const frameHeight = () => page.locator('iframe.hosted-fields').evaluate((frame) => Math.round((frame as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  const formHeight = () =>
    hostedFields(page)
      .locator('body')
      .evaluate((body) => Math.ceil((body as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await frameHeight()) === (await formHeight())) return;
    await page.waitForTimeout(50);
  }
  throw new Error('the hosted fields frame never settled to its form’s height');
}
