import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { translate } from '@platform/core';
import { DEV_PHONE_AUTH_TOKEN, simulateCall, type SimulatedEnd, type SimulatorOptions } from '@platform/phone';
import { DEV_PAY_CONNECTOR_CREDENTIALS, SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { ADJUST, openAccount, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';

/** Norwalk's pay-by-phone line. */
export const NORWALK_LINE = '+18886472502';
export const NORMAN_LINE = '+18669300284';

/** A call's stored state as text (JSON), as the phone service keeps it; empty when the call has none. */
export const callStateText = async (platform: TestPlatform, slug: string, sid: string): Promise<string> =>
  (await tenantRows<{ state: string | null }>(platform, slug, 'SELECT state::text AS state FROM phone_calls WHERE call_sid = $1', [sid]))[0]?.state ?? '';

/**
 * A new Norwalk account owing `amount` (dollars, e.g. "13.13": a sandbox magic amount makes its payment wait): its number as
 * printed, and as keyed. `opened` changes what the account is opened with (its `customerName`, say).
 */
export async function norwalkAccountOwing(platform: TestPlatform, amount: string, opened: Record<string, unknown> = {}): Promise<{ readonly number: string; readonly keys: string }> {
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const account = await openAccount(staff, opened);
  const input = { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount, memo: 'Water, one month', idempotencyKey: `owing-${account.id}` };
  const { recordAccountAdjustment } = await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, { input });
  if (recordAccountAdjustment.userErrors.length > 0) throw new Error(`the adjustment was refused: ${JSON.stringify(recordAccountAdjustment.userErrors)}`);
  return { number: account.accountNumber, keys: account.accountNumber.replace(/\D/g, '') };
}

/** Norwalk's customer service, where its line puts a caller through (Norwalk publishes no hours: always). */
/**
 * A platform for this file whose processor holds a charge of $13.13 (its magic amount) back 10 s, within the platform's
 * 15 s limit, while the line answers within 1 s and holds once: a caller who confirms $13.13 hears that the payment
 * is being confirmed, and one calling back within seconds finds it still under way. The second is what the payment has
 * to be recorded in, pending, before the line looks for it: at 100 ms a loaded machine had not, and the caller heard
 * that it could not be confirmed. The charge still under way when a test ends is let finish before the platform closes.
 */
export function platformWithSlowProcessor(): { readonly platform: TestPlatform } {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform({ jobs: true, processorTimeoutMs: 15_000, sandboxHangMs: 10_000, phone: { answerWithinMs: 1000, maxHolds: 1 } });
  }, 120_000);
  afterAll(async () => {
    await platform?.settleBackgroundWork();
    await platform?.close();
  }, 120_000);
  return {
    get platform() {
      return platform!;
    },
  };
}

export const NORWALK_CUSTOMER_SERVICE = '+15629295766';

/** Who calls Norwalk's line: the account keyed (default demo 10-1001-00), the language chosen first (default English), and from which number (default one of its own). */
export interface NorwalkCaller {
  readonly account?: string;
  readonly language?: 'en' | 'es';
  readonly from?: string;
}

/** A call to Norwalk's line that keyed `cents` (keys, in cents) to pay: at the choice of card or bank account (Norwalk takes e-checks). */
export async function callNorwalkToMethod(platform: TestPlatform, cents: string, caller: NorwalkCaller = {}): Promise<PhoneCall> {
  const call = new PhoneCall(platform, NORWALK_LINE, caller.from);
  await call.dial();
  return keyNorwalkToMethod(call, cents, caller);
}

/** A Norwalk call already answered (dialled as its test needs) keyed on to the choice of card or bank account for `cents`. */
export async function keyNorwalkToMethod(call: PhoneCall, cents: string, caller: Omit<NorwalkCaller, 'from'> = {}): Promise<PhoneCall> {
  await call.press(caller.language === 'es' ? '2' : '1');
  await call.press(caller.account ?? '10100100');
  await call.press('2');
  await call.press(cents);
  return call;
}

/** A call to Norwalk's line up to the card (`<Pay>`) for `cents` (keys, in cents): the preamble most phone tests share, written once. */
export async function callNorwalkToCard(platform: TestPlatform, cents: string, caller: NorwalkCaller = {}): Promise<PhoneCall> {
  const call = await callNorwalkToMethod(platform, cents, caller);
  await call.chooseCard();
  return call;
}

/** A call to Norwalk's line up to the confirmation of `cents` (keys, in cents), with `card` (a test Visa). */
export async function callNorwalkToConfirm(platform: TestPlatform, cents: string, card: string = SANDBOX_TEST_CARDS.visa, caller: NorwalkCaller = {}): Promise<PhoneCall> {
  const call = await callNorwalkToCard(platform, cents, caller);
  await call.payWith(card);
  return call;
}

/** A call to Norwalk's line that chose to pay "the amount due" (1) on a demo account (keys; default 10-1001-00), up to its confirmation with `card`. */
export async function callNorwalkToConfirmAmountDue(platform: TestPlatform, account = '10100100', card: string = SANDBOX_TEST_CARDS.visa): Promise<PhoneCall> {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  await call.press(account);
  await call.press('1');
  await call.payWith(card);
  return call;
}

/** The payments a Norwalk call made (its idempotency keys are the call's and an attempt's). */
export const callPayments = (platform: TestPlatform, call: PhoneCall) =>
  tenantRows<{ id: string; status: string }>(platform, 'norwalk', 'SELECT id, status FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);

/** The text messages Norwalk queued for `to`, oldest first: template and amount. */
export const norwalkTextsTo = (platform: TestPlatform, to: string) =>
  tenantRows<{ template: string; amount: string }>(
    platform,
    'norwalk',
    `SELECT template, data->>'amount' AS amount FROM notification_outbox WHERE channel = 'SMS' AND recipient = $1 ORDER BY created_at`,
    [to],
  );

/** The choice of card or bank account, as a city that takes e-checks offers it after the amount (either language). */
export const METHOD_MENU = { en: translate('en', 'phone.methodMenu'), es: translate('es', 'phone.methodMenu') } as const;
const offersMethods = (heard: Heard) => heard.said.includes(METHOD_MENU.en) || heard.said.includes(METHOD_MENU.es);

/** What the line answered to one webhook, read the way a caller hears it. */
export interface Heard {
  readonly status: number;
  readonly xml: string;
  /** Every sentence said, in order. */
  readonly said: string[];
  readonly text: string;
  /** Where the next keys go (the last action URL in the answer). */
  readonly action: string | null;
  readonly pay: boolean;
  readonly hangsUp: boolean;
  readonly dials: string | null;
  /** Where a `<Redirect>` sends the call (the provider posts there at once, without keys); null without one. */
  readonly redirect: string | null;
  /** The answers before this one that redirected to it, in order: the provider followed them without the caller. */
  readonly redirectedFrom: readonly Heard[];
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");

const decodeNullable = (text: string | undefined) => (text === undefined ? null : decode(text));

/**
 * One call to a city's line, driven exactly as Twilio drives it: form posts
 * with Twilio's parameter names, signed with X-Twilio-Signature, and for
 * `<Pay>` the card sent to the processor's Generic Pay Connector (never to
 * the platform) and the connector's token posted to `<Pay>`'s action.
 */
/**
 * A caller's number of its own for each call: drawn at random, two calls of one file could share one (1 in 9,000 a
 * pair), and a test reading the texts to its caller then read the other call's too (seen once in CI).
 */
let lastCaller = Math.floor(Math.random() * 9000);
function nextCallerNumber(): string {
  lastCaller = (lastCaller + 1) % 9000;
  return `+1562555${String(1000 + lastCaller)}`;
}

/** A card as a caller keys it into `<Pay>`: expiry MMYY (default 1230), security code (default 123), ZIP (default 90650). */
export interface KeyedCard {
  readonly number: string;
  readonly expiry?: string;
  readonly cvv?: string;
  readonly zip?: string;
}

/** The connector's answer to a tokenize request (Twilio's Generic Pay Connector protocol). */
interface ConnectorAnswer {
  readonly token_id: string | null;
  readonly error_code: string | null;
  readonly error_message: string | null;
}

/** What Twilio sends the processor's connector for `<Pay>` in call `sid`: these fields (a card's or a bank account's), with the credentials the provider holds. */
async function tokenizeAtConnector(platform: TestPlatform, sid: string, fields: Record<string, unknown>, credentials = DEV_PAY_CONNECTOR_CREDENTIALS): Promise<ConnectorAnswer> {
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  const response = await fetch(`${platform.processorUrl}/v1/generic-pay-connector`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ method: 'tokenize', transaction_id: `${sid}-${randomBytes(4).toString('hex')}`, parameters: {}, ...fields }),
  });
  return (await response.json()) as ConnectorAnswer;
}

/** A keyed card as the connector gets it. */
function cardFields(card: KeyedCard): Record<string, string> {
  const expiry = card.expiry ?? '1230';
  return { cardnumber: card.number, expiry_month: expiry.slice(0, 2), expiry_year: expiry.slice(2), cvv: card.cvv ?? '123', postal_code: card.zip ?? '90650' };
}

/**
 * What Twilio does for `<Pay>` whose connector refuses the card: the keys (and the credentials the provider holds) to
 * the processor's connector, then its `error_code` and `error_message` to `<Pay>`'s action. Fails if the connector
 * takes the card.
 */
export async function refusedAtConnector(
  platform: TestPlatform,
  call: PhoneCall,
  card: KeyedCard,
  credentials = DEV_PAY_CONNECTOR_CREDENTIALS,
): Promise<{ readonly code: string; readonly heard: Heard }> {
  const answer = await tokenizeAtConnector(platform, call.sid, cardFields(card), credentials);
  if (answer.error_code === null) throw new Error('the connector took the card');
  return { code: answer.error_code, heard: await call.payCallback({ Result: 'payment-connector-error', ConnectorError: answer.error_code, PaymentError: answer.error_message ?? '' }) };
}

/** Where a gateway takes the provider's webhooks (its site, without /graphql). */
export const webhookBase = (gateway: { readonly url: string }) => gateway.url.replace(/\/graphql$/, '');

/**
 * The phone simulator (`pnpm cli phone:call`) calling Norwalk's line from `from`, keying `keys` one answer a line, signing
 * as `signing` says (default Twilio's, with the development token): how the call ended, and all it printed.
 */
export async function simulateNorwalkCall(
  platform: TestPlatform,
  keys: readonly string[],
  from: string,
  signing: Pick<SimulatorOptions, 'authToken' | 'provider'> = { authToken: DEV_PHONE_AUTH_TOKEN },
): Promise<{ readonly end: SimulatedEnd; readonly printed: string }> {
  let printed = '';
  const output = new PassThrough().on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const end = await simulateCall({
    baseUrl: webhookBase(platform.gateway),
    to: '888-647-2502',
    from,
    ...signing,
    connectorUrl: `${platform.processorUrl}/v1/generic-pay-connector`,
    connectorCredentials: DEV_PAY_CONNECTOR_CREDENTIALS,
    input: Readable.from([`${keys.join('\n')}\n`]),
    output,
  });
  return { end, printed };
}

/** The headers a provider other than Twilio signs a webhook with, from the URL it posts to, the form and the body as sent. */
export type WebhookSigner = (url: string, params: Record<string, string>, body: string) => Record<string, string>;

/**
 * `<Pay>`'s result as Telnyx's TeXML reports it to the action, from Twilio's fields: `PayResult` (normalized) and the
 * raw `Result`, `cancelled` where Twilio says the caller pressed star, the token as `TokenId` (Telnyx's `token_id`).
 */
export function telnyxPayResult(twilio: Record<string, string>): Record<string, string> {
  const { Result: result = '', PaymentToken: token, ...rest } = twilio;
  const telnyxResult = result === 'caller-interrupted-with-star' ? 'cancelled' : result;
  return { ...rest, PayResult: telnyxResult, Result: telnyxResult, ...(token === undefined ? {} : { TokenId: token }) };
}

/**
 * A platform for this file on which Norman's line is on Telnyx, with an account key pair of its own: the platform, and
 * the signer of that account's webhooks.
 */
export function platformWithTelnyxNorman(): { readonly platform: TestPlatform; readonly signer: WebhookSigner } {
  const account = generateKeyPairSync('ed25519');
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform({ phone: { providers: { norman: 'telnyx' }, authTokens: { norman: telnyxBase64PublicKey(account.publicKey) } } });
  }, 120_000);
  afterAll(() => platform?.close());
  return {
    get platform() {
      return platform!;
    },
    signer: telnyxSigner(account.privateKey),
  };
}

/** A Telnyx account's public key as its portal shows it: base64 of the 32 bytes. */
export const telnyxBase64PublicKey = (publicKey: KeyObject) => Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

/** Telnyx's signature with `privateKey`: Ed25519 over `<timestamp>|<raw body>`, the timestamp in Unix seconds, `skewSeconds` from now. */
export const telnyxSigner =
  (privateKey: KeyObject, skewSeconds = 0): WebhookSigner =>
  (_url, _params, body) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + skewSeconds);
    return { 'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), privateKey).toString('base64'), 'telnyx-timestamp': timestamp };
  };

export class PhoneCall {
  readonly sid = `CA${randomBytes(16).toString('hex')}`;
  /** Where the webhooks go; another gateway's, as the provider's load balancer may send any of them anywhere. */
  base: string;
  private next = '/phone/voice';
  last: Heard | null = null;
  /** Whether a `<Redirect>` is followed at once, as the provider does; false stops at it (a caller who hangs up while held). */
  followRedirects = true;
  /** How another provider than Twilio signs the webhooks (null: Twilio, with `authToken`). */
  signWith: WebhookSigner | null = null;
  /** How the provider reports `<Pay>`'s result, from Twilio's fields (default: as Twilio and SignalWire do). */
  payResultAs: (twilioFields: Record<string, string>) => Record<string, string> = (fields) => fields;
  /** The latest webhook sent, to replay it as a provider retrying would. */
  private lastSent: { path: string; params: Record<string, string> } | null = null;

  constructor(
    private readonly platform: TestPlatform,
    readonly to: string,
    readonly from = nextCallerNumber(),
    private readonly authToken = DEV_PHONE_AUTH_TOKEN,
  ) {
    this.base = webhookBase(platform.gateway);
  }

  get params(): Record<string, string> {
    return {
      CallSid: this.sid,
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      From: this.from,
      To: this.to,
      Caller: this.from,
      Called: this.to,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
  }

  /** The call comes in. */
  dial(): Promise<Heard> {
    return this.post('/phone/voice', this.params);
  }

  /** Keys at the current question, as `<Gather>` posts them. */
  press(digits: string): Promise<Heard> {
    return this.post(this.actionUrl(this.next), { ...this.params, Digits: digits, ...(digits.length > 1 ? { FinishedOnKey: '#' } : {}) });
  }

  /**
   * Where the provider posts an answer's action (or redirect): resolved against the URL of the webhook that answered,
   * as Twilio resolves it, so a path from the host's root leaves a `base` with a path of its own (a proxy's) behind.
   */
  private actionUrl(action: string): string {
    return new URL(action, `${this.base}/phone/voice`).href;
  }

  /** What Twilio does for `<Pay>`: the card to the connector, then the token to the action. */
  async payWith(cardNumber: string, expiry = '1230', cvv = '123'): Promise<Heard> {
    await this.chooseCard();
    if (!this.last?.pay) throw new Error(`no <Pay> in the last answer: ${this.last?.xml ?? ''}`);
    const answer = await tokenizeAtConnector(this.platform, this.sid, cardFields({ number: cardNumber, expiry, cvv }));
    if (!answer.token_id) throw new Error(`the connector refused the card: ${answer.error_code}`);
    return this.payCallback({
      Result: 'success',
      PaymentToken: answer.token_id,
      PaymentCardNumber: `xxxxxxxxxxxx${cardNumber.slice(-4)}`,
      PaymentCardType: cardNumber.startsWith('4') ? 'visa' : 'mastercard',
      ExpirationDate: expiry,
    });
  }

  /**
   * What Twilio does for `<Pay paymentMethod="ach-debit">`: the routing and account numbers, with the `<Pay>`'s
   * `<Parameter>`s, to the connector; then its token to the action, or, when the connector refused them, its error
   * code as `<Pay>` reports it (`payment-connector-error` with `ConnectorError`).
   */
  async payWithBank(routingNumber: string, accountNumber: string): Promise<Heard> {
    if (!this.last?.xml.includes('paymentMethod="ach-debit"')) throw new Error(`no bank <Pay> in the last answer: ${this.last?.xml ?? ''}`);
    const parameters = Object.fromEntries([...this.last.xml.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g)].map((m) => [decode(m[1]!), decode(m[2]!)]));
    const answer = await tokenizeAtConnector(this.platform, this.sid, { routingnumber: routingNumber, bankaccountnumber: accountNumber, parameters });
    if (!answer.token_id) return this.payCallback({ Result: 'payment-connector-error', ConnectorError: answer.error_code ?? '', PaymentError: answer.error_message ?? '' });
    return this.payCallback({ Result: 'success', PaymentToken: answer.token_id, PaymentMethod: 'ach-debit' });
  }

  /** A city that takes e-checks asks card or bank account after the amount: the caller chooses the card (1); elsewhere nothing to choose. */
  async chooseCard(): Promise<void> {
    if (this.last && !this.last.pay && offersMethods(this.last)) await this.press('1');
  }

  /** `<Pay>`'s action callback with these results. */
  payCallback(result: Record<string, string>): Promise<Heard> {
    return this.post(this.actionUrl(this.next), { ...this.params, ...this.payResultAs(result) });
  }

  /** The latest webhook again, exactly as sent (the provider retrying it). */
  replay(): Promise<Heard> {
    if (!this.lastSent) throw new Error('nothing sent yet');
    return this.post(this.lastSent.path, this.lastSent.params);
  }

  /** The provider's status callback as the call ends. */
  async hangUp(): Promise<number> {
    return (await this.send('/phone/status', { ...this.params, CallStatus: 'completed' })).status;
  }

  /** Posts exactly what Twilio would to `path` under `base` (or to a full URL), signed with the city's token (or `signature` when given). */
  async post(path: string, params: Record<string, string>, signature?: string | null): Promise<Heard> {
    this.lastSent = { path, params };
    const response = await this.send(path, params, signature);
    const xml = await response.text();
    const said = [...xml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => decode(m[1]!));
    const actions = [...xml.matchAll(/action="([^"]*)"/g)].map((m) => decode(m[1]!));
    const heard: Heard = {
      status: response.status,
      xml,
      said,
      text: said.join(' '),
      action: actions.at(-1) ?? null,
      pay: xml.includes('<Pay '),
      hangsUp: xml.includes('<Hangup/>'),
      dials: /<Dial>([^<]*)<\/Dial>/.exec(xml)?.[1] ?? null,
      redirect: decodeNullable(/<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(xml)?.[1]),
      redirectedFrom: [],
    };
    if (response.status !== 200) return heard;
    this.last = heard;
    if (heard.action) this.next = heard.action;
    if (!heard.redirect || !this.followRedirects) return heard;
    // As the provider does: straight on to the redirect, with the call's parameters and no keys.
    const sent = this.lastSent;
    const followed = await this.post(this.actionUrl(heard.redirect), this.params);
    // A retry is of the webhook the caller's keys made, not of a redirect the provider followed.
    this.lastSent = sent;
    return { ...followed, redirectedFrom: [heard, ...followed.redirectedFrom] };
  }

  private send(path: string, params: Record<string, string>, signature?: string | null): Promise<Response> {
    const url = /^https?:\/\//.test(path) ? path : `${this.base}${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const body = new URLSearchParams(params).toString();
    if (signature === undefined && this.signWith) Object.assign(headers, this.signWith(url, params, body));
    else {
      const signed = signature === undefined ? getExpectedTwilioSignature(this.authToken, url, params) : signature;
      if (signed !== null) headers['x-twilio-signature'] = signed;
    }
    return fetch(url, { method: 'POST', headers, body });
  }
}
