import { tenantRows } from '../customers/customer-api';
import { NORMAN_LINE, NORWALK_LINE, PhoneCall, platformWithTelnyxNorman, type WebhookSigner } from './phone-call';

/*
 * Telnyx signs a webhook's body and a timestamp, not the URL it is posted to. A request captured on its way (a proxy's
 * log, a tap on the network) could be posted again within the 5-minute tolerance to another `?seq=` of the call: the
 * keys the caller pressed at one question were taken as the answer to the question the call was at now (a "1" at the
 * language menu confirming a payment at CONFIRM, say). Each answer now gives its next webhook a URL carrying a nonce
 * the call keeps for that step: the captured request's nonce is spent once the call moves on, so a replay at another
 * step is refused, and the same request again at the step it answered hears that answer again and changes nothing.
 */

const file = platformWithTelnyxNorman();

interface Sent {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A Telnyx call to Norman whose requests are captured, as an eavesdropper would keep them, once its caller has answered
 * the first question (a "1"): the call, that request as captured, what it heard, and the call's row then.
 */
async function capturedAnswer() {
  const sent: Sent[] = [];
  const signer: WebhookSigner = (url, params, body) => {
    const headers = file.signer(url, params, body);
    sent.push({ url, headers, body });
    return headers;
  };
  const call = Object.assign(new PhoneCall(file.platform, NORMAN_LINE), { signWith: signer });
  await call.dial();
  const heard = await call.press('1');
  return { call, captured: sent.at(-1)!, heard, before: (await callRow('norman', call.sid))! };
}

/** Posts a captured request again, exactly, to `url`. */
const replay = (sent: Sent, url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sent.headers }, body: sent.body });

const callRow = async (slug: string, sid: string) =>
  (await tenantRows<{ seq: number; step: string; state: unknown; outcome: string }>(file.platform, slug, 'SELECT seq, step, state, outcome FROM phone_calls WHERE call_sid = $1', [sid]))[0];

describe('a Telnyx request captured and posted again', () => {
  it('to the step the call is at now is refused, and the call stays where it was', async () => {
    const { call, captured, before } = await capturedAnswer();

    // Posted where the call is now: its seq, with what the captured URL carried.
    const now = new URL(captured.url);
    now.searchParams.set('seq', String(before.seq));
    expect((await replay(captured, now.href)).status).toBe(403);
    expect(await callRow('norman', call.sid)).toEqual(before);
    // The caller goes on as if nothing happened.
    expect((await call.press('0')).status).toBe(200);
    expect((await callRow('norman', call.sid))?.seq).toBe(before.seq + 1);
  });

  it('with its URL made anew, or with none of what bound it, is refused', async () => {
    const { call, captured, before } = await capturedAnswer();
    const forged = new URL(captured.url);
    forged.search = `?city=norman&seq=${before.seq}`;
    expect((await replay(captured, forged.href)).status).toBe(403);
    forged.search = `?seq=${before.seq}`;
    expect((await replay(captured, forged.href)).status).toBe(403);
    forged.searchParams.set('nonce', 'AAAAAAAAAAAAAAAAAAAAAA');
    expect((await replay(captured, forged.href)).status).toBe(403);
    expect(await callRow('norman', call.sid)).toEqual(before);
  });

  it('to another city finds no call there, and starts none', async () => {
    const { call, captured, before } = await capturedAnswer();
    const elsewhere = new URL(call.last!.action!, call.base);
    elsewhere.searchParams.set('city', 'norwalk');
    const answered = await replay(captured, elsewhere.href);
    expect([200, 403]).toContain(answered.status);
    expect(await callRow('norwalk', call.sid)).toBeUndefined();
    expect(await callRow('norman', call.sid)).toEqual(before);
  });

  it('to the step it answered, again and again, hears that answer again and changes nothing', async () => {
    const { call, captured, heard, before } = await capturedAnswer();
    for (let i = 0; i < 2; i += 1) {
      const again = await replay(captured, captured.url);
      expect({ status: again.status, xml: await again.text() }).toEqual({ status: 200, xml: heard.xml });
    }
    expect(await callRow('norman', call.sid)).toEqual(before);
  });
});

describe('on every provider, the next webhook goes to a URL the line gave', () => {
  it('an action URL of the step the call is at, without what binds it to the call, is refused even when signed', async () => {
    const call = new PhoneCall(file.platform, NORWALK_LINE);
    await call.dial();
    const action = call.last!.action!;
    const bare = `/phone/voice?city=norwalk&seq=${new URL(action, call.base).searchParams.get('seq')}`;
    expect(action).not.toBe(bare);
    const before = await callRow('norwalk', call.sid);
    // Signed as Twilio would sign it, had it been told this URL.
    expect((await call.post(bare, { ...call.params, Digits: '1' })).status).toBe(403);
    expect(await callRow('norwalk', call.sid)).toEqual(before);
    expect((await call.press('1')).text).toContain('account number');
  });
});
