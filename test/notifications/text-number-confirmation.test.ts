import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer, signIn, tenantRows, type UserErrorShape } from '../customers/customer-api';
import { CONFIRM_SMS_PHONE, RESEND, SAVE_PREFERENCES, latestPhoneCode, queueMessage, switchTextsOnConfirmed, platformWithMailCatcher } from './notification-api';

/*
 * Texts go only to a mobile number its resident proved is theirs, by entering
 * the code texted to it. Before, `updateNotificationPreferences` took any
 * number, and a resident could have a city's receipts texted to a stranger.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
// Behind a proxy, so each resident can come from an address of their own: registration is limited per address.
const env = platformWithMailCatcher((smtp) => ({ clock, notifications: { smtpUrl: smtp.url }, trustProxy: true }));

const SEND_CODE = 'mutation { sendSmsPhoneCode { preferences { smsPhone smsPhoneConfirmed } userErrors { field code message } } }';
const RECEIPT = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };

type Payload = { preferences: { smsOptIn?: boolean; smsPhone?: string; smsPhoneConfirmed: boolean } | null; userErrors: UserErrorShape[] };
const textsTo = (phone: string) => env.platform.sentSms.filter((sms) => sms.to === phone).map((sms) => sms.body);
const codeFor = (phone: string) => latestPhoneCode(env.platform.sentSms, phone);
const confirm = async (me: GraphQLTestClient, code: string) => (await me.data<{ confirmSmsPhone: Payload }>(CONFIRM_SMS_PHONE, { code })).confirmSmsPhone;
const sendCode = async (me: GraphQLTestClient) => (await me.data<{ sendSmsPhoneCode: Payload }>(SEND_CODE)).sendSmsPhoneCode;
const problems = (payload: Payload) => payload.userErrors.map((e) => [e.field.join('.'), e.code]);

let residents = 0;
async function resident(email: string, locale = 'EN') {
  const client = env.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `192.0.2.${++residents}` });
  const { session, user } = await registerCustomer(client, { email, locale });
  return { me: bearer(client, session), user };
}

/** A receipt queued for the user (as a payment queues it), then a delivery pass: what was texted for it. */
async function receiptTexted(userId: string, email: string, phone: string): Promise<string[]> {
  await queueMessage(env.platform, 'norwalk', { to: email, userId, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await env.platform.deliverNotifications();
  return textsTo(phone).filter((body) => body.includes('WXYZ-ABCD-EFGH'));
}

describe('a number typed is not a number proved', () => {
  it('a new number gets a code and nothing else until the code is entered; then receipts are texted to it', async () => {
    const { me, user } = await resident('proves-number@example.com');
    const saved = await me.data<{ updateNotificationPreferences: unknown }>(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0301' } });
    expect(saved.updateNotificationPreferences).toEqual({
      preferences: { autopayReminders: true, smsOptIn: true, smsPhone: '+15625550301', smsPhoneConfirmed: false },
      userErrors: [],
    });
    // The receipt is emailed; the number that has not answered gets only its code.
    expect(await receiptTexted(user.id, 'proves-number@example.com', '+15625550301')).toEqual([]);
    expect(textsTo('+15625550301')).toEqual([expect.stringMatching(/^City of Norwalk: \d{6} is your code to confirm this number for payment texts\. It expires in 10 minutes\./)]);
    // The code is not kept once its text is sent: the outbox row no longer carries it (only when it expired), and ADMIN
    // may not send it again.
    const [codeText] = await tenantRows<{ id: string; data: Record<string, string> }>(
      env.platform,
      'norwalk',
      `SELECT id, data FROM notification_outbox WHERE user_id = $1 AND template = 'SMS_PHONE_CODE'`,
      [user.id],
    );
    expect(codeText!.data).toEqual({ expiresAt: expect.any(String) });
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const resent = await admin.data<{ resendNotification: { userErrors: UserErrorShape[] } }>(RESEND, { id: codeText!.id });
    expect(resent.resendNotification.userErrors).toEqual([expect.objectContaining({ code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('one-time code') as unknown })]);

    expect(await confirm(me, codeFor('+15625550301'))).toEqual({ preferences: { smsOptIn: true, smsPhone: '+15625550301', smsPhoneConfirmed: true }, userErrors: [] });
    expect(await receiptTexted(user.id, 'proves-number@example.com', '+15625550301')).toHaveLength(1);
    // A second click of Confirm: still confirmed.
    expect(await confirm(me, '000000')).toEqual({ preferences: { smsOptIn: true, smsPhone: '+15625550301', smsPhoneConfirmed: true }, userErrors: [] });
  });

  it('a receipt queued while the number waited is not texted once it is confirmed, nor one to an unconfirmed number later', async () => {
    const { me, user } = await resident('queued-before@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0302' } });
    // Queued, not delivered yet: the text (had it been queued) would wait with it.
    await queueMessage(env.platform, 'norwalk', { to: 'queued-before@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await env.platform.deliverNotifications();
    await confirm(me, codeFor('+15625550302'));
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550302').filter((body) => body.includes('WXYZ-ABCD-EFGH'))).toEqual([]);
    // A text queued for an unconfirmed number (a batch, a race) is held back as it goes out.
    await me.data(SAVE_PREFERENCES, { input: { smsPhone: '562-555-0303' } });
    await queueMessage(env.platform, 'norwalk', { to: '+15625550303', userId: user.id, channel: 'SMS', template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550303').filter((body) => body.includes('WXYZ-ABCD-EFGH'))).toEqual([]);
  });

  it('moving texts to another number needs that number proved: the old code proves nothing, the old number gets no more', async () => {
    const { me, user } = await resident('moves-number@example.com');
    await switchTextsOnConfirmed(env.platform, me, '562-555-0304');
    expect(await receiptTexted(user.id, 'moves-number@example.com', '+15625550304')).toHaveLength(1);
    const oldCode = codeFor('+15625550304');
    const moved = await me.data<{ updateNotificationPreferences: unknown }>(SAVE_PREFERENCES, { input: { smsPhone: '(562) 555-0305' } });
    expect(moved.updateNotificationPreferences).toMatchObject({ preferences: { smsPhone: '+15625550305', smsPhoneConfirmed: false } });
    await env.platform.deliverNotifications();
    const newCode = codeFor('+15625550305');
    if (oldCode !== newCode) expect(problems(await confirm(me, oldCode))).toEqual([['input.code', 'PHONE_CODE_WRONG']]);
    expect(await receiptTexted(user.id, 'moves-number@example.com', '+15625550305')).toEqual([]);
    // The old number got the first receipt, and not this one.
    expect(await receiptTexted(user.id, 'moves-number@example.com', '+15625550304')).toHaveLength(1);
    expect((await confirm(me, newCode)).preferences).toEqual({ smsOptIn: true, smsPhone: '+15625550305', smsPhoneConfirmed: true });
    expect(await receiptTexted(user.id, 'moves-number@example.com', '+15625550305')).toHaveLength(1);
  });

  it('texts switched off and on again at the confirmed number need no new code', async () => {
    const { me, user } = await resident('off-and-on@example.com');
    await switchTextsOnConfirmed(env.platform, me, '562-555-0306');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: false } });
    const backOn = await me.data<{ updateNotificationPreferences: unknown }>(SAVE_PREFERENCES, { input: { smsOptIn: true } });
    expect(backOn.updateNotificationPreferences).toMatchObject({ preferences: { smsOptIn: true, smsPhoneConfirmed: true } });
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550306').filter((body) => /is your code/.test(body))).toHaveLength(1);
    expect(await receiptTexted(user.id, 'off-and-on@example.com', '+15625550306')).toHaveLength(1);
  });
});

describe('guessing and flooding', () => {
  it('a wrong code spends one of five tries; after five even the right code is refused until a new one is sent', async () => {
    const { me } = await resident('guesser@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0310' } });
    await env.platform.deliverNotifications();
    const code = codeFor('+15625550310');
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect(problems(await confirm(me, wrong))).toEqual([['input.code', 'PHONE_CODE_WRONG']]);
    const refused = await confirm(me, code);
    expect(refused.userErrors).toEqual([{ field: ['input', 'code'], code: 'PHONE_CODE_EXPIRED', message: 'This code has expired or was tried too many times. Ask for a new code.' }]);
    clock.advance(61_000);
    expect(await sendCode(me)).toEqual({ preferences: { smsPhone: '+15625550310', smsPhoneConfirmed: false }, userErrors: [] });
    await env.platform.deliverNotifications();
    expect((await confirm(me, codeFor('+15625550310'))).preferences).toEqual({ smsOptIn: true, smsPhone: '+15625550310', smsPhoneConfirmed: true });
  });

  it('a code lasts ten minutes', async () => {
    const { me } = await resident('slow-typist@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0311' } });
    await env.platform.deliverNotifications();
    clock.advance(10 * 60_000 + 1_000);
    const { session } = await signIn(env.platform.client.asTenant('norwalk'), 'slow-typist@example.com').then((payload) => ({ session: payload.session! }));
    const again = bearer(env.platform.client.asTenant('norwalk'), session);
    expect(problems(await confirm(again, codeFor('+15625550311')))).toEqual([['input.code', 'PHONE_CODE_EXPIRED']]);
  });

  it('a new code at most once a minute and five a day, however asked for (a new code, or the number typed again)', async () => {
    const { me } = await resident('flooder@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0312' } });
    const tooSoon = await sendCode(me);
    expect(tooSoon.userErrors).toEqual([{ field: [], code: 'PHONE_CODE_TOO_SOON', message: 'A code was sent less than a minute ago. Wait a minute, then ask again.' }]);
    for (let sent = 2; sent <= 5; sent++) {
      clock.advance(61_000);
      expect(problems(await sendCode(me))).toEqual([]);
    }
    clock.advance(61_000);
    expect((await sendCode(me)).userErrors).toEqual([{ field: [], code: 'PHONE_CODE_TOO_SOON', message: 'Five codes were sent today. Try again tomorrow.' }]);
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550312')).toHaveLength(5);
    // Typing other numbers sends none either: the day's limit is the resident's, not the number's.
    await me.data(SAVE_PREFERENCES, { input: { smsPhone: '562-555-0313' } });
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550313')).toEqual([]);
  });

  it("a stranger's number is sent one code a minute and five a day, however many of the city's accounts type it", async () => {
    const STRANGER = '+15625550320';
    const saves: UserErrorShape[][] = [];
    for (let account = 1; account <= 7; account++) {
      const { me } = await resident(`flood-${account}@example.com`);
      saves.push((await me.data<{ updateNotificationPreferences: Payload }>(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: STRANGER } })).updateNotificationPreferences.userErrors);
      // The second account types it in the same minute as the first; the rest a minute apart.
      if (account >= 2) clock.advance(61_000);
    }
    await env.platform.deliverNotifications();
    expect(saves.map((errors) => errors.map((e) => [e.field.join('.'), e.code, e.message]))).toEqual([
      [],
      [['input.smsPhone', 'PHONE_CODE_TOO_SOON', 'A code was sent less than a minute ago. Wait a minute, then ask again.']],
      [],
      [],
      [],
      [],
      [['input.smsPhone', 'PHONE_CODE_TOO_SOON', 'Five codes were sent today. Try again tomorrow.']],
    ]);
    expect(textsTo(STRANGER)).toHaveLength(5);
  });

  it("a stranger's number is sent five codes a day in all, whichever cities' accounts type it", async () => {
    const STRANGER = '+15625550340';
    const saves: string[][] = [];
    for (let account = 1; account <= 6; account++) {
      // Norwalk and Norman by turns, each city's a minute after its last.
      const slug = account % 2 === 1 ? 'norwalk' : 'norman';
      const client = env.platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `198.51.100.${account}` });
      const email = `cities-flood-${account}@example.com`;
      const { session } = await registerCustomer(client, slug === 'norman' ? { email, username: `cities_flood_${account}`, name: 'Flood', phone: '405-555-0190' } : { email });
      const saved = await bearer(client, session).data<{ updateNotificationPreferences: Payload }>(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: STRANGER } });
      saves.push(saved.updateNotificationPreferences.userErrors.map((e) => e.message));
      if (slug === 'norman') clock.advance(61_000);
    }
    await env.platform.deliverNotifications();
    expect(saves).toEqual([[], [], [], [], [], ['Five codes were sent today. Try again tomorrow.']]);
    expect(textsTo(STRANGER)).toHaveLength(5);
    // A day on, the number may be sent codes again.
    clock.advance(24 * 60 * 60_000);
    const { session } = await registerCustomer(env.platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': '198.51.100.7' }), {
      email: 'cities-flood-7@example.com',
      username: 'cities_flood_7',
      name: 'Flood',
      phone: '405-555-0190',
    });
    const later = await bearer(env.platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': '198.51.100.7' }), session).data<{ updateNotificationPreferences: Payload }>(SAVE_PREFERENCES, {
      input: { smsOptIn: true, smsPhone: STRANGER },
    });
    expect(later.updateNotificationPreferences.userErrors).toEqual([]);
  });

  it("a resident back at the number they just left, its code replaced by the other number's, is sent a new one and can confirm", async () => {
    const { me } = await resident('changes-back@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0321' } });
    await me.data(SAVE_PREFERENCES, { input: { smsPhone: '562-555-0322' } });
    const back = await me.data<{ updateNotificationPreferences: Payload }>(SAVE_PREFERENCES, { input: { smsPhone: '562-555-0321' } });
    expect(back.updateNotificationPreferences).toEqual({ preferences: expect.objectContaining({ smsPhone: '+15625550321', smsPhoneConfirmed: false }) as unknown, userErrors: [] });
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550321')).toHaveLength(2);
    expect((await confirm(me, codeFor('+15625550321'))).preferences).toMatchObject({ smsPhone: '+15625550321', smsPhoneConfirmed: true });
  });

  it('a code text still waiting when the number was confirmed is not sent; a number changed by any writer is unconfirmed', async () => {
    const { me, user } = await resident('quick-confirm@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0323' } });
    // Confirmed with a first code (read from the queue, as a phone would get it), while a second one waits to go.
    const [queued] = await tenantRows<{ code: string }>(env.platform, 'norwalk', `SELECT data->>'token' AS code FROM notification_outbox WHERE user_id = $1 AND template = 'SMS_PHONE_CODE'`, [
      user.id,
    ]);
    expect((await confirm(me, queued!.code)).userErrors).toEqual([]);
    await env.platform.deliverNotifications();
    expect(textsTo('+15625550323')).toEqual([]);
    // An older release's save during a deployment writes the number alone: the database unconfirms it all the same.
    await tenantRows(env.platform, 'norwalk', `UPDATE notification_preferences SET sms_phone = '+15625550324' WHERE user_id = $1`, [user.id]);
    expect((await me.data<{ notificationPreferences: unknown }>('{ notificationPreferences { smsPhone smsPhoneConfirmed } }')).notificationPreferences).toEqual({
      smsPhone: '+15625550324',
      smsPhoneConfirmed: false,
    });
  });

  it('a number removed while its code waits is removed, code and all; the code proves nothing afterwards', async () => {
    const { me } = await resident('removes-number@example.com');
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0325' } });
    await env.platform.deliverNotifications();
    const removed = await me.data<{ updateNotificationPreferences: unknown }>(SAVE_PREFERENCES, { input: { smsPhone: null } });
    expect(removed.updateNotificationPreferences).toEqual({
      preferences: { autopayReminders: true, smsOptIn: false, smsPhone: null, smsPhoneConfirmed: false },
      userErrors: [],
    });
    expect(problems(await confirm(me, codeFor('+15625550325')))).toEqual([['input.code', 'NO_PHONE_TO_CONFIRM']]);
  });

  it('refuses a code that is not six digits at its field, and a confirmation or new code with no number waiting', async () => {
    const { me } = await resident('no-number@example.com');
    expect(problems(await confirm(me, ''))).toEqual([['input.code', 'REQUIRED']]);
    expect((await confirm(me, '12 34')).userErrors).toEqual([{ field: ['input', 'code'], code: 'INVALID', message: 'Enter the 6-digit code from the text.' }]);
    expect(problems(await confirm(me, '123456'))).toEqual([['input.code', 'NO_PHONE_TO_CONFIRM']]);
    expect(problems(await sendCode(me))).toEqual([['', 'NO_PHONE_TO_CONFIRM']]);
    const { me: confirmed } = await resident('all-done@example.com');
    await switchTextsOnConfirmed(env.platform, confirmed, '562-555-0314');
    expect(problems(await sendCode(confirmed))).toEqual([['', 'NO_PHONE_TO_CONFIRM']]);
    // Signed out, none of it.
    const anonymous = await env.platform.client.asTenant('norwalk').request(SEND_CODE);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

it('the code text is in the language the resident asked in', async () => {
  const { me: english } = await resident('habla@example.com', 'ES');
  const me = english.withHeaders({ 'accept-language': 'es' });
  await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0315' } });
  await env.platform.deliverNotifications();
  expect(textsTo('+15625550315')).toEqual([expect.stringMatching(/^City of Norwalk: \d{6} es su código para confirmar este número para mensajes de pagos\./)]);
  const wrong = codeFor('+15625550315') === '111111' ? '222222' : '111111';
  expect((await confirm(me, wrong)).userErrors[0]?.message).toBe('Ese no es el código que le enviamos. Revise el último mensaje de texto e inténtelo de nuevo.');
});
