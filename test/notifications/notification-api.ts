import type { IncomingMessage } from 'node:http';
import { withTenant } from '@platform/db';
import { createLogger } from '@platform/gateway';
import { INBOUND_SMS_PATH, createSmtpSender, deliverDueNotifications, enqueueNotification, type NewNotification } from '@platform/notifications';
import { TEST_DELIVERY_SETTINGS, startTestPlatform, type GraphQLTestClient, type TestPlatform, type TestPlatformOptions } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { tenantRows } from '../customers/customer-api';
import { startSmtpCatcher, type CaughtMessage, type SmtpCatcher } from './smtp-catcher';

export const RESEND = 'mutation R($id: UUID!) { resendNotification(id: $id) { notification { id status resentFrom recipient template } userErrors { field code message } } }';

export interface OutboxRow {
  readonly id: string;
  readonly recipient: string;
  readonly template: string;
  readonly status: string;
  readonly attempts: number;
  readonly failure_reason: string | null;
  readonly last_error: string | null;
  readonly data: Readonly<Record<string, string>>;
}

async function tenantId(platform: TestPlatform, slug: string): Promise<string> {
  const [tenant] = await platform.db.query<{ id: string }[]>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  return tenant.id;
}

/** Queues a message as a service would (in a city's transaction); its id. */
export async function queueMessage(platform: TestPlatform, slug: string, message: Partial<Omit<NewNotification, 'tenantId'>> & { to: string }): Promise<string> {
  const id = await tenantId(platform, slug);
  return withTenant({ db: platform.db, tenant: { id } }, (manager) =>
    enqueueNotification(manager, { tenantId: id, locale: 'en', template: 'PASSWORD_CHANGED', data: { name: 'Test Resident' }, ...message }, platform.clock.now()),
  );
}

export async function outboxRow(platform: TestPlatform, slug: string, id: string): Promise<OutboxRow> {
  const [row] = await tenantRows<OutboxRow>(platform, slug, 'SELECT id, recipient, template, status, attempts, failure_reason, last_error, data FROM notification_outbox WHERE id = $1', [id]);
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}

/** Runs delivery passes until `done` holds (retries fall due within milliseconds in tests); fails after `maxPasses`. */
export async function deliverUntil(platform: TestPlatform, done: () => Promise<boolean>, maxPasses = 50): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    await platform.deliverNotifications();
    if (await done()) return pass;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not done after ${maxPasses} delivery passes`);
}

/**
 * One delivery pass through `smtp`, for a platform started without an SMTP
 * server (its mail waits in the outbox, as while the relay is down): the
 * messages the catcher accepted in this pass. No text is expected.
 */
export async function deliverThroughCatcher(platform: TestPlatform, smtp: SmtpCatcher): Promise<readonly CaughtMessage[]> {
  // What requests queue after their answers (a password reset's link) is due too.
  await platform.settleBackgroundWork();
  const before = smtp.accepted.length;
  const email = createSmtpSender({ url: smtp.url, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 2, timeoutMs: 1_000 });
  try {
    const sms = { description: 'no texts expected', send: () => Promise.reject(new Error('no text was expected')) };
    await deliverDueNotifications({ db: platform.db, log: createLogger('silent'), clock: platform.clock, delivery: TEST_DELIVERY_SETTINGS, channels: { email, sms } });
  } finally {
    email.close();
  }
  return smtp.accepted.slice(before);
}

/** A form-encoded request body (as Twilio's REST API takes them), read whole. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return Object.fromEntries(new URLSearchParams(body));
}

/** deliverThroughCatcher, and of what went out, what reached `email`: each message's subject and text. */
async function deliveredTo(platform: TestPlatform, smtp: SmtpCatcher, email: string): Promise<{ subject: string; text: string }[]> {
  return (await deliverThroughCatcher(platform, smtp)).filter((m) => m.envelopeTo.includes(email)).map((m) => ({ subject: m.parsed.subject ?? '', text: m.parsed.text ?? '' }));
}

/**
 * A test file's platform, started with `options` before its tests and closed
 * after them, and an SMTP catcher for its email (one helper, so no file
 * writes the start and the closing order again). Given options, the platform
 * has no SMTP server: nothing is delivered until a test says so, and
 * `deliveredTo(email)` is one delivery pass through the catcher (the relay's
 * return), and what reached that address in it. Given a function of the
 * catcher, its options are read once the catcher listens (`(smtp) => ({
 * notifications: { smtpUrl: smtp.url } })` sends through it, and what earlier
 * `beforeAll`s set up is there to use). Read `platform` and `smtp` inside
 * tests or later hooks (they exist once these hooks have run); hooks run in
 * the order they are declared, so an `afterAll` declared before this call
 * runs before the platform closes.
 */
export function platformWithMailCatcher(options: TestPlatformOptions | ((smtp: SmtpCatcher) => TestPlatformOptions)): {
  readonly platform: TestPlatform;
  /** The catcher itself, to make its server refuse an address (`reply`). */
  readonly smtp: SmtpCatcher;
  deliveredTo(email: string): Promise<{ subject: string; text: string }[]>;
} {
  let platform: TestPlatform | undefined;
  let smtp: SmtpCatcher | undefined;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    platform = await startTestPlatform(typeof options === 'function' ? options(smtp) : options);
  });
  afterAll(async () => {
    await platform?.close();
    await smtp?.close();
  });
  return {
    get platform() {
      return platform!;
    },
    get smtp() {
      return smtp!;
    },
    deliveredTo: (email) => deliveredTo(platform!, smtp!, email),
  };
}

export const SAVE_PREFERENCES = `mutation P($input: NotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) { preferences { autopayReminders smsOptIn smsPhone smsPhoneConfirmed } userErrors { field code message } }
}`;
export const CONFIRM_SMS_PHONE = `mutation C($code: String!) {
  confirmSmsPhone(input: { code: $code }) { preferences { smsOptIn smsPhone smsPhoneConfirmed } userErrors { field code message } }
}`;

/** The 6-digit code in the latest confirmation text among `texts` to `phone` (E.164). */
export function latestPhoneCode(texts: readonly { readonly to: string; readonly body: string }[], phone: string): string {
  const codes = texts.filter((text) => text.to === phone).flatMap((text) => /: (\d{6}) (?:is your code|es su código)/.exec(text.body)?.[1] ?? []);
  const code = codes.at(-1);
  if (!code) throw new Error(`no confirmation code was texted to ${phone}`);
  return code;
}

/**
 * Switches a resident's texts on at `phone` and confirms the number with the
 * code texted to it, as a resident does: `texts` reads what the test's SMS
 * provider was given (`platform.sentSms`, or a stand-in's), after a delivery pass.
 */
export async function switchTextsOnConfirmed(
  platform: TestPlatform,
  me: GraphQLTestClient,
  phone: string,
  texts: () => readonly { readonly to: string; readonly body: string }[] = () => platform.sentSms,
): Promise<void> {
  const textedBefore = texts().length;
  const saved = await me.data<{ updateNotificationPreferences: { preferences: { smsPhone: string } | null; userErrors: unknown[] } }>(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: phone } });
  const e164 = saved.updateNotificationPreferences.preferences?.smsPhone;
  if (!e164) throw new Error(`texts were not switched on: ${JSON.stringify(saved.updateNotificationPreferences.userErrors)}`);
  // Passes until the code is there: with jobs on, the delivery job may have claimed it and still be sending it.
  await deliverUntil(platform, () =>
    Promise.resolve(
      texts()
        .slice(textedBefore)
        .some((text) => text.to === e164),
    ),
  );
  const confirmed = await me.data<{ confirmSmsPhone: { preferences: { smsPhoneConfirmed: boolean } | null } }>(CONFIRM_SMS_PHONE, { code: latestPhoneCode(texts(), e164) });
  if (!confirmed.confirmSmsPhone.preferences?.smsPhoneConfirmed) throw new Error(`the number ${e164} was not confirmed`);
}

/** Twilio's signing key in the tests that serve the texts residents send back, and the address Twilio was given. */
export const TEXT_BACK = { authToken: 'twilio-auth-token-0123456789', publicUrl: 'https://billing.test' } as const;

/** The form Twilio POSTs for a text `from` a number to a Messaging Service. */
export const textFrom = (from: string, messagingServiceSid: string, body: string, extra: Record<string, string> = {}): Record<string, string> => ({
  MessageSid: `SM${'0'.repeat(32)}`,
  AccountSid: `AC${'1'.repeat(32)}`,
  MessagingServiceSid: messagingServiceSid,
  From: from,
  To: '+15625550000',
  Body: body,
  ...extra,
});

/** Twilio's POST of a text a number sent to `POST /sms/inbound`, signed as Twilio signs it with TEXT_BACK's key (or with `signature`). */
export async function textBack(
  platform: TestPlatform,
  form: Record<string, string>,
  signature = getExpectedTwilioSignature(TEXT_BACK.authToken, `${TEXT_BACK.publicUrl}${INBOUND_SMS_PATH}`, form),
): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${platform.gateway.port}${INBOUND_SMS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/** Whether the signed-in user's texts are on. */
export const textsOn = async (me: GraphQLTestClient): Promise<boolean> =>
  (await me.data<{ notificationPreferences: { smsOptIn: boolean } }>('{ notificationPreferences { smsOptIn } }')).notificationPreferences.smsOptIn;
