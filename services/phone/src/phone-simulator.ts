import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { toE164 } from '@platform/core';
import { getExpectedTwilioSignature } from 'twilio';
import { readTwiml, type TwimlNode } from './twiml-reader';
import { STATUS_PATH, VOICE_PATH } from './voice-webhook';

export interface SimulatorOptions {
  /** The gateway, e.g. http://127.0.0.1:4000. */
  readonly baseUrl: string;
  /** The city's number as it is written anywhere ("888-647-2502"). */
  readonly to: string;
  /** The caller's number (E.164). */
  readonly from: string;
  /** The auth token (Twilio) or signing key (SignalWire) the gateway expects for that city (PHONE_AUTH_TOKENS / PHONE_AUTH_TOKEN). */
  readonly authToken: string;
  /**
   * The provider the city is on (PHONE_PROVIDERS), whose header carries the signature: Twilio's X-Twilio-Signature
   * (default) or SignalWire's X-SignalWire-Signature, the same HMAC. A Telnyx city cannot be played: Telnyx alone holds
   * the private key its webhooks are signed with.
   */
  readonly provider?: 'twilio' | 'signalwire';
  /** The processor's Generic Pay Connector (the sandbox's /v1/generic-pay-connector) and its HTTP Basic credentials. */
  readonly connectorUrl: string;
  readonly connectorCredentials: { readonly username: string; readonly password: string };
  /** Keys, one answer a line ("10100100#", "1"); end of input hangs up. */
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** How the simulated call ended. */
export type SimulatedEnd = 'HUNG_UP_BY_LINE' | 'TRANSFERRED' | 'CALLER_HUNG_UP';

/**
 * Plays a call to the phone line in a terminal, as the telephony provider
 * would drive it: signed form posts with the provider's parameter names,
 * prompts printed as text, keys read from `input`. For `<Pay>` it asks for
 * the card and sends it to the processor's pay connector itself (as the
 * provider does; the platform never sees the number), then calls `<Pay>`'s
 * action with the token. The card number is never printed.
 */
export async function simulateCall(options: SimulatorOptions): Promise<SimulatedEnd> {
  const to = toE164(options.to);
  if (to === null) throw new Error(`"${options.to}" is not a phone number`);
  const call = {
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    AccountSid: `AC${randomBytes(16).toString('hex')}`,
    From: options.from,
    To: to,
    Called: to,
    Caller: options.from,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  const signatureHeader = options.provider === 'signalwire' ? 'x-signalwire-signature' : 'x-twilio-signature';
  const print = (line: string) => options.output.write(`${line}\n`);
  const lines = createInterface({ input: options.input, terminal: false })[Symbol.asyncIterator]();
  const keys = async (prompt: string): Promise<string | null> => {
    options.output.write(`${prompt} > `);
    const next = await lines.next();
    if (next.done) {
      print('');
      return null;
    }
    return next.value.trim();
  };
  const post = async (path: string, params: Record<string, string>): Promise<string> => {
    const url = new URL(path, options.baseUrl).toString();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', [signatureHeader]: getExpectedTwilioSignature(options.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    }).catch((error: unknown) => {
      // fetch says only "fetch failed"; its cause says why (ECONNREFUSED: no gateway there).
      throw new Error(`could not reach the gateway at ${url}: ${unreachableReason(error)} (is pnpm start running there?)`);
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
    return text;
  };
  const hangUp = async (end: SimulatedEnd) => {
    await post(STATUS_PATH, { ...call, CallStatus: 'completed' });
    return end;
  };

  print(`Calling ${to} as ${options.from} (call ${call.CallSid})`);
  let next: { path: string; params: Record<string, string> } | null = { path: VOICE_PATH, params: call };
  let payments = 0;
  while (next) {
    const response = readTwiml(await post(next.path, next.params));
    next = null;
    for (const verb of response.children) {
      if (verb.name === 'Say') print(`  ${verb.text}`);
      else if (verb.name === 'Gather') {
        for (const say of verb.children) print(`  ${say.text}`);
        const typed = await keys(verb.attributes.finishOnKey === '#' ? 'keys, then #' : 'key');
        if (typed === null) return hangUp('CALLER_HUNG_UP');
        const digits = typed.replace(/#.*$/, '').replace(/[^0-9*]/g, '');
        next = { path: verb.attributes.action ?? VOICE_PATH, params: { ...call, Digits: digits, FinishedOnKey: typed.includes('#') ? '#' : '' } };
        break;
      } else if (verb.name === 'Pay') {
        const transactionId = `${call.CallSid}-${++payments}`;
        const result = verb.attributes.paymentMethod === 'ach-debit' ? await collectBankAccount(verb, transactionId) : await collectCard(verb, transactionId);
        if (result === null) return hangUp('CALLER_HUNG_UP');
        next = { path: verb.attributes.action ?? VOICE_PATH, params: { ...call, ...result } };
        break;
      } else if (verb.name === 'Dial') {
        print(`  [transferring the call to ${verb.text.trim()}]`);
        return hangUp('TRANSFERRED');
      } else if (verb.name === 'Redirect') {
        // The provider goes straight there, with no keys: the line holding the caller while a payment is answered.
        next = { path: verb.text.trim() || VOICE_PATH, params: call };
        break;
      } else if (verb.name === 'Hangup') {
        print('  [the line hung up]');
        return hangUp('HUNG_UP_BY_LINE');
      }
    }
  }
  return hangUp('HUNG_UP_BY_LINE');

  /** What the provider does for `<Pay paymentMethod="ach-debit">`: the routing and account numbers, tokenized at the connector with the `<Parameter>`s. */
  async function collectBankAccount(pay: TwimlNode, transactionId: string): Promise<Record<string, string> | null> {
    print(`  ${promptOf(pay, 'bank-routing-number')}`);
    const routing = await keys('routing number, then #');
    if (routing === null) return null;
    print(`  ${promptOf(pay, 'bank-account-number')}`);
    const account = await keys('account number, then #');
    if (account === null) return null;
    const parameters = Object.fromEntries(pay.children.filter((child) => child.name === 'Parameter').map((child) => [child.attributes.name ?? '', child.attributes.value ?? '']));
    const answer = await tokenizeAtConnector({
      method: 'tokenize',
      transaction_id: transactionId,
      routingnumber: routing.replace(/\D/g, ''),
      bankaccountnumber: account.replace(/\D/g, ''),
      description: pay.attributes.description ?? '',
      parameters,
    });
    if ('result' in answer) return answer.result;
    return { Result: 'success', PaymentToken: answer.token, PaymentMethod: 'ach-debit' };
  }

  /** The connector's answer to a tokenize request, or the `<Pay>` result the provider reports when it has no token. */
  async function tokenizeAtConnector(body: Record<string, unknown>): Promise<{ readonly token: string } | { readonly result: Record<string, string> }> {
    const basic = Buffer.from(`${options.connectorCredentials.username}:${options.connectorCredentials.password}`).toString('base64');
    const response = await fetch(options.connectorUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer =
      response && response.status < 500 ? ((await response.json().catch(() => null)) as { token_id?: string | null; error_code?: string | null; error_message?: string | null } | null) : null;
    if (!response || !answer) {
      print('  [the connector did not answer]');
      return { result: { Result: 'payment-connector-error' } };
    }
    if (!answer.token_id) {
      print(`  [the connector refused it: ${answer.error_code ?? response.status}]`);
      return { result: { Result: 'payment-connector-error', ConnectorError: answer.error_code ?? String(response.status), PaymentError: answer.error_message ?? '' } };
    }
    return { token: answer.token_id };
  }

  /** What the provider does for `<Pay>`: gathers the card, tokenizes it at the connector, and reports the result the provider's way. */
  async function collectCard(pay: TwimlNode, transactionId: string): Promise<Record<string, string> | null> {
    const prompt = (kind: string) => promptOf(pay, kind);
    print(`  ${prompt('payment-card-number')}`);
    const number = await keys('card number, then #');
    if (number === null) return null;
    print(`  ${prompt('expiration-date')}`);
    const expiry = await keys('MMYY, then #');
    if (expiry === null) return null;
    print(`  ${prompt('security-code')}`);
    const cvv = await keys('security code, then #');
    if (cvv === null) return null;
    print(`  ${prompt('postal-code')}`);
    const postalCode = await keys('ZIP code, then #');
    if (postalCode === null) return null;
    const digits = (text: string) => text.replace(/\D/g, '');
    const cardNumber = digits(number);
    const expiryDigits = digits(expiry);
    // A connector that does not answer is the provider's `payment-connector-error` with no ConnectorError of its own.
    const answer = await tokenizeAtConnector({
      method: 'tokenize',
      transaction_id: transactionId,
      cardnumber: cardNumber,
      expiry_month: expiryDigits.slice(0, 2),
      expiry_year: expiryDigits.slice(2, 4),
      cvv: digits(cvv),
      postal_code: digits(postalCode),
      description: pay.attributes.description ?? '',
      parameters: {},
    });
    if ('result' in answer) return answer.result;
    return {
      Result: 'success',
      PaymentToken: answer.token,
      PaymentCardNumber: `${'x'.repeat(Math.max(cardNumber.length - 4, 0))}${cardNumber.slice(-4)}`,
      PaymentCardType: cardTypeOf(cardNumber),
      ExpirationDate: expiryDigits.slice(0, 4),
      PaymentMethod: 'credit-card',
    };
  }
}

/** A `<Pay>` step's prompt (not one for an error), as the provider says it. */
function promptOf(pay: TwimlNode, kind: string): string {
  return pay.children.find((child) => child.name === 'Prompt' && child.attributes.for === kind && child.attributes.errorType === undefined)?.children[0]?.text ?? kind;
}

/** The card type the provider reports for a number, by its first digits. */
function cardTypeOf(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

/** Why fetch could not reach an address, in its cause's words ("connect ECONNREFUSED 127.0.0.1:4000"). */
function unreachableReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}
