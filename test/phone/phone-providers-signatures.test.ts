import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { DEV_PHONE_AUTH_TOKEN, TELNYX_TOLERANCE_SECONDS } from '@platform/phone';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { tenantRows } from '../customers/customer-api';
import { keyNorwalkToMethod, NORMAN_LINE, NORWALK_LINE, PhoneCall, simulateNorwalkCall, telnyxBase64PublicKey, telnyxSigner as signedWith, type WebhookSigner } from './phone-call';

/*
 * The phone line is driven by a provider's webhooks, Twilio's, Telnyx's (TeXML) or SignalWire's (cXML), but only
 * X-Twilio-Signature was checked: a city on Telnyx or SignalWire could not be served, or only by handing it a Twilio
 * auth token nobody signs with. Each city now names its provider (PHONE_PROVIDERS) and key (PHONE_AUTH_TOKENS), and its
 * webhooks are checked that provider's way only: Telnyx's Ed25519 over `timestamp|body` with the account's public key,
 * a stale timestamp refused so a captured request cannot be replayed later; SignalWire's X-SignalWire-Signature, an
 * HMAC as Twilio's, with its signing key. Anything else is 403, logged, and nothing is recorded.
 */

const telnyxAccount = generateKeyPairSync('ed25519');
const SIGNALWIRE_SIGNING_KEY = 'PSK_signalwire-signing-key-0123456789';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({
    phone: { providers: { norman: 'telnyx', norwalk: 'signalwire' }, authTokens: { norman: telnyxBase64PublicKey(telnyxAccount.publicKey), norwalk: SIGNALWIRE_SIGNING_KEY } },
  });
}, 120_000);
afterAll(() => platform.close());

/** Telnyx's signature made with the account's key (or `privateKey`), `skewSeconds` from now. */
const telnyxSigner = (privateKey: KeyObject = telnyxAccount.privateKey, skewSeconds = 0): WebhookSigner => signedWith(privateKey, skewSeconds);

/** SignalWire's signature, computed here by its published scheme: base64 HMAC-SHA1 of the URL and the form's sorted pairs. */
const signalWireSigner =
  (key = SIGNALWIRE_SIGNING_KEY, header = 'x-signalwire-signature'): WebhookSigner =>
  (url, params) => {
    const signed = Object.keys(params)
      .sort()
      .reduce((text, name) => `${text}${name}${params[name]}`, url);
    return { [header]: createHmac('sha1', key).update(signed).digest('base64') };
  };

const callTo = (line: string, signWith: WebhookSigner | null) => Object.assign(new PhoneCall(platform, line), { signWith });
const callsRecorded = async (slug: string, call: PhoneCall) => (await tenantRows(platform, slug, 'SELECT 1 FROM phone_calls WHERE call_sid = $1', [call.sid])).length;
const refusalsLogged = () =>
  platform
    .logLines()
    .map((line) => JSON.parse(line) as { msg: string; city?: string | null; providers?: string[]; why?: string[] })
    .filter((line) => line.msg === 'phone webhook refused: bad signature');

describe('a city on Telnyx (TeXML)', () => {
  it('answers webhooks its account signed, the first and the next', async () => {
    const call = callTo(NORMAN_LINE, telnyxSigner());
    const first = await call.dial();
    expect(first.status).toBe(200);
    expect(first.text).toContain('Norman');
    const next = await call.press('1');
    expect(next.status).toBe(200);
    expect(next.action).toContain('seq=2');
    expect(await call.hangUp()).toBe(204);
  });

  it.each([
    ['signed with another key pair', telnyxSigner(generateKeyPairSync('ed25519').privateKey)],
    ['signed a minute longer ago than Telnyx retries (a replay)', telnyxSigner(telnyxAccount.privateKey, -TELNYX_TOLERANCE_SECONDS - 60)],
    ['signed a minute further ahead than clocks drift', telnyxSigner(telnyxAccount.privateKey, TELNYX_TOLERANCE_SECONDS + 60)],
    ['its body changed after signing', (url, params, body) => telnyxSigner()(url, params, `${body}&Digits=1`)],
    ['signed as Twilio signs, with a Twilio token', null],
  ])('refuses a webhook %s, and records nothing', async (_case, signer) => {
    const before = refusalsLogged().length;
    const call = callTo(NORMAN_LINE, signer);
    expect((await call.dial()).status).toBe(403);
    expect(await callsRecorded('norman', call)).toBe(0);
    expect(refusalsLogged().slice(before)).toEqual([expect.objectContaining({ city: 'norman', providers: ['telnyx'] })]);
  });

  it('takes a webhook signed within the tolerance, a clock a little behind or ahead', async () => {
    for (const skew of [-TELNYX_TOLERANCE_SECONDS + 30, TELNYX_TOLERANCE_SECONDS - 30]) expect((await callTo(NORMAN_LINE, telnyxSigner(telnyxAccount.privateKey, skew)).dial()).status).toBe(200);
  });

  it('says why: a replay is told apart from a forgery', async () => {
    const before = refusalsLogged().length;
    await callTo(NORMAN_LINE, telnyxSigner(telnyxAccount.privateKey, -TELNYX_TOLERANCE_SECONDS - 60)).dial();
    await callTo(NORMAN_LINE, telnyxSigner(generateKeyPairSync('ed25519').privateKey)).dial();
    expect(
      refusalsLogged()
        .slice(before)
        .map((line) => line.why),
    ).toEqual([['STALE_TIMESTAMP'], ['BAD_SIGNATURE']]);
  });

  it("takes a call's status callback signed by its account only", async () => {
    const call = callTo(NORMAN_LINE, telnyxSigner());
    await call.dial();
    call.signWith = null;
    expect(await call.hangUp()).toBe(403);
    expect((await tenantRows<{ outcome: string }>(platform, 'norman', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid]))[0]?.outcome).toBe('IN_PROGRESS');
    call.signWith = telnyxSigner();
    expect(await call.hangUp()).toBe(204);
    expect((await tenantRows<{ outcome: string }>(platform, 'norman', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid]))[0]?.outcome).toBe('ABANDONED');
  });
});

describe('a city on SignalWire (cXML)', () => {
  it('answers webhooks carrying X-SignalWire-Signature made with its signing key', async () => {
    const call = callTo(NORWALK_LINE, signalWireSigner());
    expect((await call.dial()).status).toBe(200);
    const next = await call.press('1');
    expect(next.status).toBe(200);
    expect(next.text).toContain('account number');
  });

  it.each([
    ['signed with another key', signalWireSigner(DEV_PHONE_AUTH_TOKEN)],
    ['signed in the X-Twilio-Signature header', signalWireSigner(SIGNALWIRE_SIGNING_KEY, 'x-twilio-signature')],
  ])('refuses a webhook %s', async (_case, signer) => {
    const call = callTo(NORWALK_LINE, signer);
    expect((await call.dial()).status).toBe(403);
    expect(await callsRecorded('norwalk', call)).toBe(0);
  });

  it('is played by the phone simulator (pnpm cli phone:call --provider signalwire) with its signing key', async () => {
    const { end, printed } = await simulateNorwalkCall(platform, ['1'], '+15625558201', { authToken: SIGNALWIRE_SIGNING_KEY, provider: 'signalwire' });
    expect(printed).toContain('Please enter your account number');
    expect(end).toBe('CALLER_HUNG_UP');
  });

  it('refuses a webhook of another city signed with this one’s key', async () => {
    const call = callTo(NORMAN_LINE, signalWireSigner());
    expect((await call.dial()).status).toBe(403);
  });
});

it('computes SignalWire’s signature as Twilio’s library does (the scheme is the same)', () => {
  const params = { CallSid: 'CA1', To: NORWALK_LINE, Digits: '1' };
  const url = 'https://pay.example.com/phone/voice?city=norwalk&seq=2';
  expect(signalWireSigner()(url, params, '')['x-signalwire-signature']).toBe(getExpectedTwilioSignature(SIGNALWIRE_SIGNING_KEY, url, params));
});

/*
 * Their call ids are not Twilio's: Telnyx's TeXML CallSid is "v3:" and base64url ("v3:9X2vxPDF...-aiQ"), SignalWire's a
 * UUID. The line took only Twilio's letters and digits (and so did phone_calls' check): every call of a Telnyx or
 * SignalWire city was answered 400, and heard nothing.
 */
describe("the providers' own call ids", () => {
  /** A call with the id its provider gives it. */
  const callWithSid = (line: string, signWith: WebhookSigner, sid: string) => Object.assign(callTo(line, signWith), { sid });

  it('takes a Telnyx call, and records its hang-up', async () => {
    const call = callWithSid(NORMAN_LINE, telnyxSigner(), `v3:${'9X2vxPDFY2RHSJ1EdMS0RHRksMTg7ldNxdjWbVr9zBjbGjGsSe'}-${Date.now().toString(36)}_aQ`);
    expect((await call.dial()).status).toBe(200);
    expect((await call.press('1')).status).toBe(200);
    expect(await call.hangUp()).toBe(204);
    expect((await tenantRows<{ outcome: string }>(platform, 'norman', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid]))[0]?.outcome).toBe('ABANDONED');
  });

  it('takes a payment on a SignalWire call, once, by a key of its call id', async () => {
    const call = callWithSid(NORWALK_LINE, signalWireSigner(), randomUUID());
    expect((await call.dial()).status).toBe(200);
    await keyNorwalkToMethod(call, '1000');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect((await call.press('1')).text).toContain('Thank you. Your payment of $10.00 was accepted.');
    // The provider sends the confirmation again: the same payment, not a second one.
    await call.replay();
    const payments = await tenantRows(platform, 'norwalk', 'SELECT id FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);
    expect(payments).toHaveLength(1);
  });
});
