import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioSmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows, type UserErrorShape } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { queueMessage, readForm, switchTextsOnConfirmed } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A city may send its texts through its own Twilio Messaging Service. Twilio
 * ends every text of a Messaging Service to a number that answered STOP to
 * it, so cities sharing the platform's one shared their residents' STOPs: a
 * resident of two cities who stopped one city's texts lost the other's
 * receipts too. The stand-in of Twilio's Messages API keeps STOPs per
 * Messaging Service, as Twilio does.
 */

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const NORWALK_SERVICE = `MG${'a'.repeat(32)}`;
const PHONE = '+15625550401';

const texts: Record<string, string>[] = [];
/** "Messaging Service SID|number" for each number that answered STOP to that service. */
const stopped = new Set<string>();
let twilioApi: Server;
let smtp: SmtpCatcher;
let platform: TestPlatform;

function answer(req: IncomingMessage, res: ServerResponse): void {
  void readForm(req).then((form) => {
    texts.push(form);
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (stopped.has(`${form.MessagingServiceSid}|${form.To}`)) return json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    json(201, { sid: `SM${String(texts.length).padStart(32, '0')}`, status: 'accepted' });
  });
}

beforeAll(async () => {
  twilioApi = createServer(answer);
  await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtpCatcher();
  const apiUrl = `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`;
  platform = await startTestPlatform({
    notifications: { smtpUrl: smtp.url, sms: createTwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: 'twilio-auth-token-0123456789', messagingServiceSid: PLATFORM_SERVICE, apiUrl }) },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
  await new Promise((resolve) => twilioApi.close(resolve));
});

const RECEIPT = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
const sentTexts = () => texts.map((form) => ({ to: form.To ?? '', body: form.Body ?? '' }));

async function residentWithTexts(slug: string, email: string) {
  const { session, user } = await registerCustomer(platform.client.asTenant(slug), slug === 'norman' ? { email, username: 'two-cities', name: 'Pat Two', phone: '405-555-0142' } : { email });
  await switchTextsOnConfirmed(platform, bearer(platform.client.asTenant(slug), session), PHONE, sentTexts);
  return user;
}

it("a city's own Messaging Service sends its texts: a STOP to one city's texts leaves another city's receipts coming", async () => {
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: ` MG${'A'.repeat(32)} ` } });
  const read = await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { sms { messagingServiceSid } } }');
  expect(read.tenant).toEqual({ sms: { messagingServiceSid: NORWALK_SERVICE } });

  const norwalkResident = await residentWithTexts('norwalk', 'two-cities@example.com');
  const normanResident = await residentWithTexts('norman', 'two-cities@example.com');
  // Each city's texts, its confirmation code's too, went by its own service: Norman has none of its own.
  expect(texts.map((form) => [form.To, form.MessagingServiceSid])).toEqual([
    [PHONE, NORWALK_SERVICE],
    [PHONE, PLATFORM_SERVICE],
  ]);

  // The resident answers STOP to a Norwalk text: Twilio stops Norwalk's service, and only it.
  stopped.add(`${NORWALK_SERVICE}|${PHONE}`);
  await queueMessage(platform, 'norwalk', { to: 'two-cities@example.com', userId: norwalkResident.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await queueMessage(platform, 'norman', { to: 'two-cities@example.com', userId: normanResident.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  const receiptText = (slug: string, userId: string) =>
    tenantRows(platform, slug, `SELECT status, failure_reason FROM notification_outbox WHERE channel = 'SMS' AND template = 'PAYMENT_RECEIPT' AND user_id = $1`, [userId]);
  expect(await receiptText('norwalk', norwalkResident.id)).toEqual([{ status: 'FAILED', failure_reason: 'BOUNCED' }]);
  expect(await receiptText('norman', normanResident.id)).toEqual([{ status: 'SENT', failure_reason: null }]);
  // Each city's receipt went by its own service (the pass takes cities in no set order).
  expect(
    texts
      .slice(2)
      .map((form) => [form.MessagingServiceSid, form.Body?.split(':')[0]])
      .sort(),
  ).toEqual([
    [PLATFORM_SERVICE, 'City of Norman'],
    [NORWALK_SERVICE, 'City of Norwalk'],
  ]);

  // Back to the platform's: null.
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: null } });
  expect((await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { sms { messagingServiceSid } } }')).tenant).toEqual({ sms: { messagingServiceSid: null } });
});

it('refuses what is not a Messaging Service SID at its field, changing nothing', async () => {
  for (const bad of ['PN' + 'a'.repeat(32), 'MG123', `MG${'g'.repeat(32)}`, '']) {
    const { updateTenant } = await platform.operator.data<{ updateTenant: { userErrors: UserErrorShape[] } }>(
      'mutation($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { userErrors { field code message } } }',
      { input: { sms: { messagingServiceSid: bad } } },
    );
    expect([bad, updateTenant.userErrors]).toEqual([
      bad,
      [{ field: ['input', 'sms', 'messagingServiceSid'], code: 'INVALID', message: 'A Twilio Messaging Service SID is "MG" followed by 32 hexadecimal digits.' }],
    ]);
  }
  expect((await platform.client.asTenant('norman').data<{ tenant: unknown }>('{ tenant { sms { messagingServiceSid } } }')).tenant).toEqual({ sms: { messagingServiceSid: null } });
});
