import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS, startSandboxProcessor, type RunningSandboxProcessor } from '@platform/processor-sandbox';
import { cardNumbersIn } from '@platform/testkit';
import { expectNoSeriousAccessibilityViolations, workerBrowser, openPage, type Browser, type Page, type WatchedPage } from './browser';

/*
 * The sandbox's hosted payment fields in real Chromium, embedded as a
 * merchant embeds them: a parent page on another origin (a plain HTTP server
 * of this test) frames the form, posts `hosted-fields:submit`, and must
 * receive a token and never a card number.
 */

const SECRET_KEY = 'sk_test_hosted_fields_browser';
let sandbox: RunningSandboxProcessor;
let merchant: Server;
let merchantPort: number;
let browser: Browser;
let tab: WatchedPage;

interface Received {
  readonly origin: string;
  readonly data: { readonly type?: string; readonly [key: string]: unknown };
}

/** The merchant's page: the form in an iframe sized by its `ready` messages, every message it receives kept in `window.received`. */
function merchantPage(formQuery: string, withThirdParty: boolean): string {
  const sandboxOrigin = new URL(sandbox.url).origin;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pay your bill</title></head>
<body><main><h1>Pay your bill</h1>
<iframe id="hosted-fields" title="Payment details" src="${sandbox.url}/v1/hosted-fields?${formQuery}" style="width:100%;border:0"></iframe>
${withThirdParty ? `<iframe id="third-party" title="Advertisement" src="http://localhost:${merchantPort}/third-party"></iframe>` : ''}
</main><script>
window.received = [];
addEventListener('message', (event) => {
  window.received.push({ origin: event.origin, data: event.data });
  if (event.origin === ${JSON.stringify(sandboxOrigin)} && event.data && event.data.type === 'hosted-fields:ready') {
    document.getElementById('hosted-fields').style.height = event.data.height + 'px';
  }
});
window.submitHostedFields = () => document.getElementById('hosted-fields').contentWindow.postMessage({ type: 'hosted-fields:submit' }, ${JSON.stringify(sandboxOrigin)});
</script></body></html>`;
}

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([startSandboxProcessor({ secretKey: SECRET_KEY }), workerBrowser()]);
  merchant = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://merchant.invalid');
    const html = url.pathname === '/third-party' ? '<!doctype html><title>Third party</title><p>Ad</p>' : merchantPage(url.searchParams.get('form') ?? '', url.searchParams.has('third'));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  merchantPort = (merchant.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => merchant?.close(resolve));
  await sandbox?.close();
});
beforeEach(async () => {
  tab = await openPage(browser);
});
afterEach(async () => {
  await tab.close();
});

/** Opens the merchant page framing the form with these settings; `tokenRequests` counts every request the tab makes to /v1/tokens. */
async function openMerchant(settings: Record<string, string>, options: { merchantOrigin?: string; thirdParty?: boolean } = {}) {
  const merchantOrigin = options.merchantOrigin ?? `http://127.0.0.1:${merchantPort}`;
  const formQuery = new URLSearchParams({ origin: `http://127.0.0.1:${merchantPort}`, ...settings }).toString();
  const tokenRequests: string[] = [];
  tab.page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/tokens') tokenRequests.push(request.url());
  });
  const query = new URLSearchParams({ form: formQuery, ...(options.thirdParty ? { third: '1' } : {}) });
  await tab.page.goto(`${merchantOrigin}/?${query.toString()}`);
  return { page: tab.page, form: tab.page.frameLocator('#hosted-fields'), tokenRequests };
}

const received = (page: Page) => page.evaluate<Received[]>('window.received');

/** Waits for the next message of one of these types after the first `after` messages, and returns it. */
async function nextMessage(page: Page, types: readonly string[], after: number): Promise<Received> {
  await page.waitForFunction(`window.received.slice(${after}).some((m) => m.data && ${JSON.stringify(types)}.includes(m.data.type))`);
  const message = (await received(page)).slice(after).find((m) => types.includes(m.data.type ?? ''));
  if (!message) throw new Error(`no ${types.join(' or ')} message`);
  return message;
}

/** Posts `hosted-fields:submit` as the merchant page does, and returns the form's answer. */
async function submit(page: Page): Promise<Received> {
  const before = (await received(page)).length;
  await page.evaluate('window.submitHostedFields()');
  return nextMessage(page, ['hosted-fields:token', 'hosted-fields:invalid', 'hosted-fields:error'], before);
}

type Form = ReturnType<Page['frameLocator']>;

async function typeCard(form: Form, card: { number: string; expiry?: string; cvc: string; labels?: Record<string, string> }) {
  const label = { number: 'Card number', expiry: 'Expiration date (MM/YY)', cvc: 'Security code', postalCode: 'Billing ZIP code', holderName: 'Name on card', ...card.labels };
  await form.getByLabel(label.number).pressSequentially(card.number);
  await form.getByLabel(label.expiry).pressSequentially(card.expiry ?? '12/30');
  await form.getByLabel(label.cvc).pressSequentially(card.cvc);
  await form.getByLabel(label.postalCode).pressSequentially('90650');
  await form.getByLabel(label.holderName).pressSequentially('Ada Lovelace');
}

async function tokenDetails(token: unknown) {
  const response = await fetch(`${sandbox.url}/v1/tokens/${String(token)}`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
  return (await response.json()) as Record<string, unknown>;
}

it('tokenizes a test Visa typed into the frame and hands the merchant page only the token', async () => {
  const { page, form, tokenRequests } = await openMerchant({ kind: 'card', brands: 'VISA,MASTERCARD,AMEX' });
  const ready = await nextMessage(page, ['hosted-fields:ready'], 0);
  expect(ready.data.height).toBeGreaterThan(200);

  await form.getByLabel('Card number').pressSequentially('4242 4242');
  expect(await form.locator('#number-brand').innerText()).toBe('Visa');
  await form.getByLabel('Card number').pressSequentially(' 4242 4242');
  await typeCard(form, { number: '', cvc: '123' });
  const answer = await submit(page);

  expect(answer.origin).toBe(new URL(sandbox.url).origin);
  expect(answer.data).toEqual({ type: 'hosted-fields:token', token: expect.stringMatching(/^tok_/), kind: 'CARD', brand: 'VISA', last4: '4242', expMonth: 12, expYear: 2030 });
  expect(tokenRequests).toHaveLength(1);
  expect(await tokenDetails(answer.data.token)).toMatchObject({ brand: 'VISA', last4: '4242', holderName: 'Ada Lovelace', used: false });

  // Neither the merchant page nor anything it was sent ever held the number, grouped or not.
  const everything = `${await page.content()}\n${JSON.stringify(await received(page))}`;
  expect(cardNumbersIn(everything)).toEqual([]);
  expect(everything).not.toContain(SANDBOX_TEST_CARDS.visa);
  expect(everything).not.toContain('4242 4242 4242 4242');
  tab.expectNoConsoleErrors();
});

it('wants the 4-digit code of an American Express card before it tokenizes', async () => {
  const { page, form, tokenRequests } = await openMerchant({ kind: 'card', brands: 'VISA,MASTERCARD,AMEX' });
  await typeCard(form, { number: SANDBOX_TEST_CARDS.americanExpress, cvc: '123' });
  expect(await form.locator('#number-brand').innerText()).toBe('American Express');
  expect(await form.locator('#cvc-hint').innerText()).toBe('4 digits on the front of the card');

  const refused = await submit(page);
  expect(refused.data).toEqual({ type: 'hosted-fields:invalid', fields: [{ field: 'cvc', code: 'invalid', message: 'Enter the 4-digit security code.' }] });
  expect(tokenRequests).toEqual([]);
  const cvc = form.getByLabel('Security code');
  expect(await cvc.getAttribute('aria-invalid')).toBe('true');
  expect(await form.locator('#cvc-error').innerText()).toBe('Enter the 4-digit security code.');
  expect(await form.locator('#cvc:focus').count()).toBe(1);

  await cvc.pressSequentially('4');
  expect(await cvc.getAttribute('aria-invalid')).toBe('false');
  const answer = await submit(page);
  expect(answer.data).toMatchObject({ type: 'hosted-fields:token', brand: 'AMERICAN_EXPRESS', last4: '0005' });
  expect(tokenRequests).toHaveLength(1);
  tab.expectNoConsoleErrors();
});

it('refuses a brand the merchant does not take in the form, with no request to the processor', async () => {
  const { page, form, tokenRequests } = await openMerchant({ kind: 'card', brands: 'VISA,MASTERCARD,AMEX' });
  await typeCard(form, { number: SANDBOX_TEST_CARDS.discover, cvc: '123' });
  expect(await form.locator('#number-brand').innerText()).toBe('Discover');
  expect(await form.locator('#number-error').innerText()).toBe('Discover is not accepted.');
  expect(await form.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');

  const refused = await submit(page);
  expect(refused.data).toEqual({ type: 'hosted-fields:invalid', fields: [{ field: 'number', code: 'brand_not_accepted', message: 'Discover is not accepted.' }] });
  expect(tokenRequests).toEqual([]);
  expect(JSON.stringify(await received(page))).not.toContain(SANDBOX_TEST_CARDS.discover);
  await expectNoSeriousAccessibilityViolationsInFrame(page);
  tab.expectNoConsoleErrors();
});

it('speaks Spanish with lang=es, labels, errors and all', async () => {
  const { page, form } = await openMerchant({ kind: 'card', brands: 'VISA,MASTERCARD', lang: 'es' });
  const frame = page.frame({ url: /hosted-fields/ });
  expect(await frame?.evaluate('document.documentElement.lang')).toBe('es');
  expect(await frame?.title()).toBe('Datos de la tarjeta');

  const refused = await submit(page);
  expect(refused.data.type).toBe('hosted-fields:invalid');
  expect((refused.data.fields as { message: string }[]).map((field) => field.message)).toEqual([
    'Ingrese el número de tarjeta.',
    'Ingrese la fecha de vencimiento como MM/AA.',
    'Ingrese el código de seguridad de 3 dígitos.',
    'Ingrese el código postal de facturación de 5 dígitos.',
    'Ingrese el nombre que aparece en la tarjeta.',
  ]);
  expect(await form.locator('#number-error').innerText()).toBe('Ingrese el número de tarjeta.');

  const labels = { number: 'Número de tarjeta', expiry: 'Fecha de vencimiento (MM/AA)', cvc: 'Código de seguridad', postalCode: 'Código postal de facturación', holderName: 'Nombre en la tarjeta' };
  await form.getByLabel(labels.number).fill('');
  await typeCard(form, { number: SANDBOX_TEST_CARDS.discover, cvc: '123', labels });
  expect(await form.locator('#number-error').innerText()).toBe('No se acepta Discover.');
  await expectNoSeriousAccessibilityViolationsInFrame(page);
  tab.expectNoConsoleErrors();
});

it("is checked for accessibility as part of the merchant's page, inside its cross-origin frame", async () => {
  const { page, form } = await openMerchant({ kind: 'card' });
  await form.getByLabel('Card number').waitFor();
  expect(await expectNoSeriousAccessibilityViolations(page)).toBeDefined();
  // A field nobody labelled, inside the frame only: the merchant page's check must find it there.
  await page.frame({ url: /hosted-fields/ })!.evaluate(`document.querySelector('form').append(Object.assign(document.createElement('input'), { id: 'unlabelled' }))`);
  await expect(expectNoSeriousAccessibilityViolations(page)).rejects.toThrow(/label[\s\S]*#unlabelled/);
});

it('ignores submit messages from any origin but the merchant’s', async () => {
  const { page, form, tokenRequests } = await openMerchant({ kind: 'card' }, { thirdParty: true });
  await typeCard(form, { number: SANDBOX_TEST_CARDS.visa, cvc: '123' });
  const thirdParty = page.frame({ url: /third-party/ });
  if (!thirdParty) throw new Error('the third-party frame did not load');
  const before = (await received(page)).length;
  // Another origin on the same page reaches the form's window and asks it to tokenize.
  await thirdParty.evaluate(`parent.frames[0].postMessage({ type: 'hosted-fields:submit' }, '*')`);
  await thirdParty.evaluate(`parent.frames[0].postMessage({ type: 'hosted-fields:submit' }, ${JSON.stringify(new URL(sandbox.url).origin)})`);

  // The merchant's own submit, posted after them, is handled after them (a window's messages arrive in order):
  // by its answer, the two before it have been read, and made neither a token request nor an answer.
  expect((await submit(page)).data.type).toBe('hosted-fields:token');
  expect(tokenRequests).toHaveLength(1);
  expect((await received(page)).slice(before).map((message) => message.data.type)).toEqual(['hosted-fields:token']);
  tab.expectNoConsoleErrors();
});

it('will not be framed by a page of another origin than the one it was given', async () => {
  // Served by the same merchant server under another host name: another origin.
  const refused = tab.page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()) });
  const { page } = await openMerchant({ kind: 'card' }, { merchantOrigin: `http://localhost:${merchantPort}` });
  // Chromium says so when it refuses to show the frame; by then the form would have announced itself had it loaded.
  await refused;
  expect(await received(page)).toEqual([]);
  tab.expectNoConsoleErrors([/frame-ancestors/]);
});

it('tokenizes a bank account after refusing a routing number that fails the ABA checksum', async () => {
  const { page, form, tokenRequests } = await openMerchant({ kind: 'bank_account' });
  await form.getByLabel('Routing number').pressSequentially('110000001');
  await form.getByLabel('Account number').pressSequentially(SANDBOX_BANK.accounts.settles);
  await form.getByLabel('Checking').check();
  await form.getByLabel('Account holder name').pressSequentially('Ada Lovelace');
  expect(await form.locator('#routingNumber-error').innerText()).toBe('Enter the 9-digit routing number from the bottom of a check.');
  expect((await submit(page)).data).toMatchObject({ type: 'hosted-fields:invalid', fields: [{ field: 'routingNumber', code: 'invalid' }] });
  expect(tokenRequests).toEqual([]);

  await form.getByLabel('Routing number').fill(SANDBOX_BANK.routingNumber);
  const answer = await submit(page);
  expect(answer.data).toEqual({ type: 'hosted-fields:token', token: expect.stringMatching(/^tok_/), kind: 'BANK_ACCOUNT', brand: null, last4: '6789', expMonth: null, expYear: null });
  expect(JSON.stringify(await received(page))).not.toContain(SANDBOX_BANK.accounts.settles);
  await expectNoSeriousAccessibilityViolationsInFrame(page);
  tab.expectNoConsoleErrors();
});

it.each([
  ['card', 'en'],
  ['card', 'es'],
  ['bank_account', 'en'],
  ['bank_account', 'es'],
])('the %s form in %s passes axe-core with no serious or critical violation, errors shown', async (kind, lang) => {
  const { page } = await openMerchant({ kind, lang });
  await nextMessage(page, ['hosted-fields:ready'], 0);
  await expectNoSeriousAccessibilityViolationsInFrame(page);
});

/**
 * axe-core inside the form: its own document, opened on its own (the axe
 * helper drives a page), with every text field left holding something wrong
 * so its errors are on screen too.
 */
async function expectNoSeriousAccessibilityViolationsInFrame(page: Page): Promise<void> {
  const frameUrl = page.frame({ url: /hosted-fields/ })?.url();
  if (!frameUrl) throw new Error('the form did not load');
  const own = await openPage(browser);
  try {
    await own.page.goto(frameUrl);
    for (const field of await own.page.locator('input[type=text]:not(#holderName)').all()) {
      await field.fill('1');
      await field.blur();
    }
    expect(await own.page.locator('[aria-invalid=true]').count()).toBeGreaterThan(0);
    await expectNoSeriousAccessibilityViolations(own.page);
  } finally {
    await own.close();
  }
}
