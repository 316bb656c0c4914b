import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioSmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { deliverUntil, outboxRow, queueMessage, readForm } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A Twilio slower than the claim: the Messages API holds the first request
 * for a number longer than the message's claim lasts before it takes the
 * text (a stand-in in this process, driven by the real twilio client). The
 * platform ends that request before the claim lapses (a temporary failure,
 * retried), so when another worker claims the message again there is only
 * its own request: the resident gets the text once, and the row records it
 * SENT once. A request whose client has gone by the time the stand-in would
 * take it is not taken, as Twilio takes nothing it has not finished reading.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CLAIM_MS = 3_000;
// Past the claim and the second pass's start: a request still waiting then would be taken alongside the second.
const HOLD_MS = CLAIM_MS + 1_500;
const SLOW_NUMBER = '+15625550161';

interface Request {
  readonly to: string;
  /** Whether the stand-in took the text (sent it): the client still waited when its turn came. */
  taken: boolean;
}

let twilioApi: Server;
const requests: Request[] = [];
/** Each request's turn at the stand-in, settled once it has been taken or not (a held one after HOLD_MS). */
const turns: Promise<void>[] = [];
let smtp: SmtpCatcher;
let platform: TestPlatform;

beforeAll(async () => {
  twilioApi = createServer((req, res) => {
    let clientGone = false;
    res.on('close', () => (clientGone = !res.writableEnded));
    const turn = readForm(req).then(async (form) => {
      const request: Request = { to: form.To ?? '', taken: false };
      requests.push(request);
      if (form.To === SLOW_NUMBER && requests.filter((r) => r.to === SLOW_NUMBER).length === 1) await sleep(HOLD_MS);
      if (clientGone) return;
      request.taken = true;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${String(requests.length).padStart(32, '0')}`, status: 'accepted', to: form.To, body: form.Body }));
    });
    turns.push(turn);
  });
  await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`;
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({
    notifications: {
      smtpUrl: smtp.url,
      sms: createTwilioSmsSender({ accountSid: `AC${'1'.repeat(32)}`, authToken: 'twilio-auth-token-0123456789', messagingServiceSid: `MG${'2'.repeat(32)}`, apiUrl }),
      delivery: { claimMs: CLAIM_MS, sendTimeoutMs: 1_000 },
    },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
  await new Promise((resolve) => twilioApi.close(resolve));
});

it('a text whose request outlasts its claim is cut off before the claim lapses, and the resident gets it once', async () => {
  const id = await queueMessage(platform, 'norwalk', {
    channel: 'SMS',
    to: SLOW_NUMBER,
    template: 'PAYMENT_RECEIPT',
    data: { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$313.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $313.00' },
  });
  const first = platform.deliverNotifications();
  await sleep(CLAIM_MS + 200);
  // Another instance's pass, once the first claim has lapsed.
  const second = platform.deliverNotifications();
  const [a, b] = await Promise.all([first, second]);
  await deliverUntil(platform, async () => (await outboxRow(platform, 'norwalk', id)).status === 'SENT');
  // Whatever the stand-in still held has had its turn (the first request's, HOLD_MS after it came).
  await Promise.all(turns);

  const toResident = requests.filter((request) => request.to === SLOW_NUMBER);
  expect(toResident.filter((request) => request.taken)).toHaveLength(1);
  // The first request was given up by the platform, not answered: recorded as a temporary failure and sent again.
  expect(toResident[0]!.taken).toBe(false);
  expect(a.retrying).toBe(1);
  expect(a.lostClaims + b.lostClaims).toBe(0);
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 2, failure_reason: null });
}, 30_000);
