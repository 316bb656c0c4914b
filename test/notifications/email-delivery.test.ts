import { createLogger } from '@platform/gateway';
import { createSmtpSender, deliverDueNotifications, type DeliveryCounts, type DeliverySettings } from '@platform/notifications';
import { cardNumbersIn, FixedClock, TEST_DELIVERY_SETTINGS } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { CREATE_STAFF, REQUEST_RESET, RESET, registerCustomer, signIn, tenantRows, type UserErrorShape } from '../customers/customer-api';
import { CARDS, cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { RESEND, deliverUntil, outboxRow, queueMessage, platformWithMailCatcher } from './notification-api';
import { type CaughtMessage } from './smtp-catcher';

/*
 * The outbox delivered through a real SMTP server in this process
 * (smtp-server), each message parsed as a mail client would (mailparser).
 * Delivery passes are run directly here; delivery-wakeup.test.ts runs them
 * on the job queue.
 */

// 10:00 in Norwalk on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher((smtp) => ({ clock, trustProxy: true, notifications: { smtpUrl: smtp.url } }));

const silent = createLogger('silent');

/** A back-off no pass outlasts: with the tests' 20 ms, a pass slowed by a busy machine tries a refused message again and again. */
const LONG_BACK_OFF = { ...TEST_DELIVERY_SETTINGS, retryBaseMs: 60_000, retryMaxMs: 60_000 };

/** One delivery pass through an SMTP server of the test's own (the catcher unless said), with `delivery`; texts refused. */
async function passThrough(delivery: DeliverySettings, url = env.smtp.url, maxConnections = 5): Promise<DeliveryCounts> {
  const email = createSmtpSender({ url, requireTls: false, tlsRejectUnauthorized: true, maxConnections, timeoutMs: 1_000 });
  try {
    return await deliverDueNotifications({
      db: env.platform.db,
      clock: env.platform.clock,
      log: silent,
      delivery,
      channels: { email, sms: { description: 'none', send: () => Promise.reject(new Error('no texts here')) } },
    });
  } finally {
    email.close();
  }
}

/** Messages of either city still to be delivered (or retried). */
async function pendingMessages(): Promise<number> {
  let pending = 0;
  for (const slug of ['norwalk', 'norman']) {
    const [row] = await tenantRows<{ n: number }>(env.platform, slug, `SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'PENDING'`);
    pending += row?.n ?? 0;
  }
  return pending;
}
/** Why an address is marked undeliverable in a city, if it is. */
async function suppressionsOf(slug: string, address: string): Promise<string[]> {
  return (await tenantRows<{ reason: string }>(env.platform, slug, 'SELECT reason FROM notification_suppressions WHERE address = lower($1)', [address])).map((row) => row.reason);
}

let nextAddress = 1;
const norwalk = () => env.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const norman = () => env.platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const messagesTo = (address: string) => env.smtp.accepted.filter((m) => m.envelopeTo.includes(address));
const linkIn = (message: CaughtMessage, path: string) => {
  const match = new RegExp(`https://billing\\.test${path}\\?[^\\s"<]+`).exec(message.parsed.text ?? '');
  if (!match) throw new Error(`no ${path} link in: ${message.parsed.text}`);
  return new URL(match[0]);
};

/** WCAG 2.1 contrast ratio of two #RRGGBB colours, from 1 to 21. */
function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('what residents and staff receive', () => {
  it('a Spanish guest receipt at Norwalk: amounts, posting date, the city as sender, no card number', async () => {
    const result = await pay(norwalk().withHeaders({ 'accept-language': 'es' }), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1002-00', amount: '313.00' }],
      token: await cardToken(env.platform, CARDS.visa),
      payerEmail: 'invitado@example.com',
    });
    expect(result.userErrors).toEqual([]);
    await env.platform.deliverNotifications();

    const [receipt] = messagesTo('invitado@example.com');
    const confirmation = result.payment!.confirmationNumber;
    expect(receipt!.parsed.subject).toBe(`Recibo de pago ${confirmation} - City of Norwalk`);
    expect(receipt!.parsed.from?.value).toEqual([{ name: 'City of Norwalk Water Billing', address: 'water-billing@norwalk.example' }]);
    expect(receipt!.parsed.replyTo?.value).toEqual([{ name: '', address: 'water-billing@norwalk.example' }]);
    // In the platform's domain (NOTIFICATION_FROM_ADDRESS's), not the city's, which may change before a retry.
    expect(receipt!.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@billing\.test>$/);
    const text = receipt!.parsed.text!;
    expect(text).toContain('Gracias. Recibimos su pago de $313.00.');
    expect(text).toContain(`Número de confirmación: ${confirmation}`);
    expect(text).toContain('Pagado con: Visa terminada en 4 2 4 2');
    // Made at 10:00 Pacific on the 23rd: posts the next day, written the Spanish way.
    expect(text).toContain('Se aplicará el: 24 de noviembre de 2026');
    expect(text).toContain('Aplicado a: Cuenta terminada en 0 2 0 0: $313.00');
    const html = receipt!.parsed.html as string;
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('background:#005a9c'); // Norwalk's primary colour
    expect(html).toContain('$313.00');
    expect(cardNumbersIn(receipt!.raw)).toEqual([]);
    expect(receipt!.raw).not.toContain(CARDS.visa);

    const [row] = await tenantRows<{ status: string; attempts: number; sent_at: Date | null }>(
      env.platform,
      'norwalk',
      `SELECT status, attempts, sent_at FROM notification_outbox WHERE recipient = 'invitado@example.com'`,
    );
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, sent_at: expect.any(Date) });
  });

  it('a reset email whose link works once', async () => {
    await registerCustomer(norwalk(), { email: 'forgot@example.com' });
    const requested = await norwalk().data<{ requestPasswordReset: { userErrors: UserErrorShape[] } }>(REQUEST_RESET, { input: { identifier: 'forgot@example.com' } });
    expect(requested.requestPasswordReset.userErrors).toEqual([]);
    await env.platform.deliverNotifications();

    const [email] = messagesTo('forgot@example.com');
    expect(email!.parsed.subject).toBe('Reset your City of Norwalk password');
    // The hour it lasts, on Norwalk's clock: 10:00 PST + 1 h.
    expect(email!.parsed.text).toContain('until November 23, 2026 at 11:00 AM PST');
    const link = linkIn(email!, '/reset-password');
    expect(link.searchParams.get('tenant')).toBe('norwalk');
    const token = link.searchParams.get('token')!;
    expect((email!.parsed.html as string).includes(`href="${link.toString().replaceAll('&', '&amp;')}"`)).toBe(true);

    const reset = (password: string) => norwalk().data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: password } });
    expect((await reset('a brand new passphrase')).resetPassword.userErrors).toEqual([]);
    expect((await reset('another new passphrase')).resetPassword.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);

    // Sent, the message keeps no copy of the token (the account keeps only its hash), and is never sent again.
    const [row] = await tenantRows<{ id: string; data: Record<string, string> }>(
      env.platform,
      'norwalk',
      `SELECT id, data FROM notification_outbox WHERE recipient = 'forgot@example.com' AND template = 'PASSWORD_RESET'`,
    );
    expect(row!.data).toEqual({ expiresAt: '2026-11-23T19:00:00.000Z' });
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const resent = await admin.withHeaders({ 'accept-language': 'es' }).data<{ resendNotification: { notification: unknown; userErrors: UserErrorShape[] } }>(RESEND, { id: row!.id });
    expect(resent.resendNotification).toEqual({
      notification: null,
      userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('enlace de un solo uso') }],
    });
  });

  it('an invitation to the staff console, whose link sets the password', async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const created = await admin.data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: 'new.clerk@example.com', name: 'Nia Clerk', role: 'SUPPORT' } });
    expect(created.createStaffUser.userErrors).toEqual([]);
    await env.platform.deliverNotifications();

    const [invitation] = messagesTo('new.clerk@example.com');
    expect(invitation!.parsed.subject).toBe('You are invited to the City of Norwalk staff console');
    expect(invitation!.parsed.text).toContain('Hello Nia Clerk,');
    const link = linkIn(invitation!, '/console/accept-invitation');
    expect(link.searchParams.get('tenant')).toBe('norwalk');
    const accepted = await norwalk().data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token: link.searchParams.get('token'), newPassword: 'the clerk passphrase' } });
    expect(accepted.resetPassword.userErrors).toEqual([]);
  });

  it('a receipt of a payment that carried a convenience fee names the amount, the fee and the total, as the receipt page does, in English and Spanish', async () => {
    await changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' } } });
    try {
      for (const [language, payerEmail] of [
        ['en', 'fee-payer@example.com'],
        ['es', 'pagador-cargo@example.com'],
      ] as const) {
        const result = await pay(norwalk().withHeaders({ 'accept-language': language }), {
          idempotencyKey: newKey(),
          allocations: [{ accountNumber: '10-1002-00', amount: '100.00' }],
          token: await cardToken(env.platform, CARDS.visa),
          payerEmail,
        });
        expect(result.userErrors).toEqual([]);
        expect([result.payment!.amount.amount, result.payment!.total.amount]).toEqual(['100.00', '102.50']);
        await env.platform.deliverNotifications();

        const [receipt] = messagesTo(payerEmail);
        const rows = language === 'en' ? ['Amount: $100.00', 'Convenience fee: $2.50', 'Total: $102.50'] : ['Monto: $100.00', 'Cargo por conveniencia: $2.50', 'Total: $102.50'];
        expect(rows.filter((row) => !receipt!.parsed.text!.includes(row))).toEqual([]);
        expect(['$100.00', '$2.50', '$102.50'].filter((amount) => !(receipt!.parsed.html as string).includes(amount))).toEqual([]);
      }
    } finally {
      await changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'NONE' } } });
    }
  });

  it('a Norman invitation tells the new clerk the username they sign in with: the link sets the password, and that username signs in', async () => {
    const admin = await signInStaff(env.platform, 'norman', 'ADMIN');
    const created = await admin.data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, {
      input: { email: 'okie.clerk@norman.example', username: 'okc_clerk_17', name: 'Okie Clerk', role: 'SUPPORT' },
    });
    expect(created.createStaffUser.userErrors).toEqual([]);
    await env.platform.deliverNotifications();

    // What the clerk can do with this email alone.
    const [invitation] = messagesTo('okie.clerk@norman.example');
    const username = /^Your username: (\S+)$/m.exec(invitation!.parsed.text ?? '')?.[1];
    expect(username).toBe('okc_clerk_17');
    expect(invitation!.parsed.html as string).toContain('Your username: okc_clerk_17');
    const token = linkIn(invitation!, '/console/accept-invitation').searchParams.get('token');
    expect((await norman().data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: 'the okie clerk passphrase' } })).resetPassword.userErrors).toEqual([]);
    expect((await signIn(norman(), username!, 'the okie clerk passphrase')).session).toBeTruthy();
  });

  it('a Norman resident who asked a reset by email is told the username the new password signs in with', async () => {
    await registerCustomer(norman(), { username: 'forgetful_fred', email: 'fred@norman.example', name: 'Fred Forgetful', phone: '405-555-0190' });
    const requested = await norman().data<{ requestPasswordReset: { userErrors: UserErrorShape[] } }>(REQUEST_RESET, { input: { identifier: 'fred@norman.example' } });
    expect(requested.requestPasswordReset.userErrors).toEqual([]);
    await env.platform.deliverNotifications();

    const [email] = messagesTo('fred@norman.example');
    expect(email!.parsed.subject).toBe('Reset your City of Norman password');
    expect(email!.parsed.text).toContain('Your username: forgetful_fred');
  });

  it('a city with a light primary colour and a dark accent: the header, button and link of its emails read at 4.5:1 or more', async () => {
    await changeCitySettings(env.platform, 'norman', { branding: { primaryColor: '#f4b223', accentColor: '#1f4e79' } });
    try {
      await registerCustomer(norman(), { username: 'gold_city', email: 'gold@norman.example', name: 'Gold City', phone: '405-555-0150' });
      await norman().data(REQUEST_RESET, { input: { identifier: 'gold_city' } });
      await env.platform.deliverNotifications();
    } finally {
      await changeCitySettings(env.platform, 'norman', { branding: { primaryColor: '#841617', accentColor: '#fdf9d8' } });
    }

    const html = messagesTo('gold@norman.example')[0]!.parsed.html as string;
    const [, headerBackground, headerText] = /<td style="background:(#[0-9a-f]{6});padding:16px 24px"><span style="[^"]*color:(#[0-9a-f]{6})/i.exec(html)!;
    const [, buttonBackground, buttonText] = /<a href="[^"]*" style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})/i.exec(html)!;
    // The fallback link sits on the message's white card.
    const [, link] = /<a href="[^"]*" style="color:(#[0-9a-f]{6});word-break/i.exec(html)!;
    const ratios = { header: contrastRatio(headerText!, headerBackground!), button: contrastRatio(buttonText!, buttonBackground!), link: contrastRatio(link!, '#ffffff') };
    expect(Object.entries(ratios).filter(([, ratio]) => ratio < 4.5)).toEqual([]);
  });
});

describe('failures', () => {
  it('451 twice, then accepted: delivered exactly once, on the third attempt', async () => {
    const to = 'busy-server@example.com';
    let refusals = 0;
    env.smtp.reply = (_n, recipient) => (recipient === to && refusals++ < 2 ? { code: 451, message: '4.3.0 Try again later' } : 'accept');
    const id = await queueMessage(env.platform, 'norwalk', { to });
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', id)).status !== 'PENDING');

    expect(await outboxRow(env.platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 3, failure_reason: null });
    expect(env.smtp.received.filter((messageId) => messageId.includes(id))).toHaveLength(3);
    expect(messagesTo(to)).toHaveLength(1);
    expect(messagesTo(to)[0]!.parsed.messageId).toBe(`<${id}@billing.test>`);
  });

  it('a retry after the city moved its mail to a new from-address goes under the same Message-ID, so a receiver holding a copy can drop it', async () => {
    const to = 'retried-after-the-move@example.com';
    // Refused until the city has moved (as a line dropped after the relay took the message would be retried).
    let moved = false;
    env.smtp.reply = (_n, recipient) => (recipient === to && !moved ? { code: 451, message: '4.4.2 Connection dropped' } : 'accept');
    const id = await queueMessage(env.platform, 'norwalk', { to });
    try {
      await env.platform.deliverNotifications();
      expect(env.smtp.received.filter((messageId) => messageId.includes(id)).length).toBeGreaterThanOrEqual(1);
      await changeCitySettings(env.platform, 'norwalk', { email: { fromAddress: 'billing@norwalkca.example' } });
      moved = true;
      await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', id)).status !== 'PENDING');
    } finally {
      await changeCitySettings(env.platform, 'norwalk', { email: { fromAddress: 'water-billing@norwalk.example' } });
    }

    expect(messagesTo(to).map((m) => m.parsed.from?.value[0]?.address)).toEqual(['billing@norwalkca.example']);
    // Every attempt the server saw, before the move and after, is one message to a receiver.
    expect([...new Set(env.smtp.received.filter((messageId) => messageId.includes(id)))]).toEqual([`<${id}@billing.test>`]);
  });

  it('550: FAILED at once with the reason kept, never retried; the address is undeliverable from then on', async () => {
    const to = 'no-such-user@example.com';
    env.smtp.reply = (_n, recipient) => (recipient === to ? { code: 550, message: '5.1.1 No such user' } : 'accept');
    const id = await queueMessage(env.platform, 'norwalk', { to });
    await env.platform.deliverNotifications();
    const failed = await outboxRow(env.platform, 'norwalk', id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, failure_reason: 'BOUNCED' });
    expect(failed.last_error).toContain('No such user');

    // More passes attempt nothing more.
    await env.platform.deliverNotifications();
    await env.platform.deliverNotifications();
    expect(env.smtp.received.filter((messageId) => messageId.includes(id))).toHaveLength(1);
    expect((await outboxRow(env.platform, 'norwalk', id)).attempts).toBe(1);

    // A later message to the same address (any case) is recorded as not attempted.
    const later = await queueMessage(env.platform, 'norwalk', { to: 'No-Such-User@example.com' });
    await env.platform.deliverNotifications();
    expect(await outboxRow(env.platform, 'norwalk', later)).toMatchObject({ status: 'SUPPRESSED', attempts: 1, failure_reason: 'ADDRESS_UNDELIVERABLE' });
    expect(env.smtp.received.filter((messageId) => messageId.includes(later))).toEqual([]);
  });

  it('a mailbox refused at RCPT TO: FAILED as bounced, and the address undeliverable', async () => {
    const to = 'no-such-mailbox@example.com';
    env.smtp.refuseRecipient = (recipient) => (recipient === to ? { code: 550, message: '5.1.1 Mailbox unavailable' } : null);
    try {
      const id = await queueMessage(env.platform, 'norwalk', { to });
      await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', id)).status !== 'PENDING');
      expect(await outboxRow(env.platform, 'norwalk', id)).toMatchObject({ status: 'FAILED', attempts: 1, failure_reason: 'BOUNCED' });
      expect(await suppressionsOf('norwalk', to)).toEqual(['BOUNCED']);
    } finally {
      env.smtp.refuseRecipient = () => null;
    }
  });

  it("a relay that refuses the city's from-address: waited out without spending an attempt, no resident's address marked undeliverable, sent once the relay takes it", async () => {
    await deliverUntil(env.platform, async () => (await pendingMessages()) === 0);
    const to = 'relay-refused@example.com';
    env.smtp.refuseSender = () => ({ code: 553, message: '5.7.1 Sender address rejected: not owned by user' });
    let id: string;
    try {
      id = await queueMessage(env.platform, 'norwalk', { to });
      await env.platform.deliverNotifications();
      const refused = await outboxRow(env.platform, 'norwalk', id);
      expect(refused).toMatchObject({ status: 'PENDING', failure_reason: null, attempts: 0 });
      expect(refused.last_error).toBe('the mail server refused the sender: 553 5.7.1 Sender address rejected: not owned by user');
      expect(await suppressionsOf('norwalk', to)).toEqual([]);
    } finally {
      env.smtp.refuseSender = () => null;
    }
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', id)).status !== 'PENDING');
    expect(await outboxRow(env.platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(messagesTo(to)).toHaveLength(1);
  });

  it('a temporary failure every time: FAILED after NOTIFICATION_MAX_ATTEMPTS (5 in tests), last reason kept', async () => {
    const to = 'always-busy@example.com';
    env.smtp.reply = (_n, recipient) => (recipient === to ? { code: 421, message: '4.7.0 Too busy' } : 'accept');
    const id = await queueMessage(env.platform, 'norwalk', { to });
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', id)).status !== 'PENDING');
    const row = await outboxRow(env.platform, 'norwalk', id);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 5, failure_reason: 'TOO_MANY_ATTEMPTS' });
    expect(row.last_error).toContain('Too busy');
    expect(env.smtp.received.filter((messageId) => messageId.includes(id))).toHaveLength(5);
  });

  it('a message whose attempts were all spent by workers that died mid-send: FAILED on its next claim, not sent again', async () => {
    const id = await queueMessage(env.platform, 'norwalk', { to: 'kills-its-worker@example.com' });
    // Five claims that lapsed with no outcome recorded, each worker gone mid-send: the claim counted each as an attempt.
    await tenantRows(env.platform, 'norwalk', `UPDATE notification_outbox SET attempts = 5 WHERE id = $1`, [id]);
    await env.platform.deliverNotifications();
    const row = await outboxRow(env.platform, 'norwalk', id);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 5, failure_reason: 'TOO_MANY_ATTEMPTS' });
    expect(row.last_error).toContain('no attempt left');
    expect(env.smtp.received.filter((messageId) => messageId.includes(id))).toEqual([]);
  });

  it('a mail server that refuses connections: waited out without spending an attempt, with the reason kept', async () => {
    // Whatever the tests before left on its way (a retry not yet due) goes first: the pass below counts only this message.
    await deliverUntil(env.platform, async () => (await pendingMessages()) === 0);
    const id = await queueMessage(env.platform, 'norman', { to: 'unreachable-server@example.com' });
    // A worker whose SMTP server is down (nothing listens on port 9).
    expect(await passThrough(LONG_BACK_OFF, 'smtp://127.0.0.1:9', 1)).toMatchObject({ waitingForRelay: 1, retrying: 0, sent: 0, failed: 0 });
    const row = await outboxRow(env.platform, 'norman', id);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 0, failure_reason: null });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(await env.platform.deliverNotifications()).toMatchObject({ waitingForRelay: 0, retrying: 0, sent: 0 });
    // The server is back and the back-off has passed: the next pass delivers it.
    await tenantRows(env.platform, 'norman', `UPDATE notification_outbox SET next_attempt_at = now() WHERE id = $1`, [id]);
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norman', id)).status !== 'PENDING');
    expect(await outboxRow(env.platform, 'norman', id)).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('a slow server: a claimed message is sent only while enough of the claim is left, else handed back unsent', async () => {
    await deliverUntil(env.platform, async () => (await pendingMessages()) === 0);
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => queueMessage(env.platform, 'norwalk', { to: `slow-${i}@example.com` })));
    env.smtp.reply = () => ({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 500)) });
    const settings = { ...TEST_DELIVERY_SETTINGS, claimMs: 1_000, sendTimeoutMs: 400, concurrency: 1, batchSize: 5, passBudgetMs: 100 };
    const counts = await passThrough(settings, env.smtp.url, 1);
    // Each send takes half a second and a claim lasts one: the first goes, and by the third too little is left.
    expect(counts.sent).toBeGreaterThanOrEqual(1);
    expect(counts.released).toBeGreaterThanOrEqual(1);
    expect(counts.sent + counts.released).toBe(5);
    const rows = await Promise.all(ids.map((id) => outboxRow(env.platform, 'norwalk', id)));
    // Handed back as if never claimed: no attempt counted, free for the next pass at once.
    expect(rows.filter((row) => row.status === 'PENDING').every((row) => row.attempts === 0)).toBe(true);
    env.smtp.reply = () => 'accept';
    await deliverUntil(env.platform, async () => (await Promise.all(ids.map((id) => outboxRow(env.platform, 'norwalk', id)))).every((row) => row.status === 'SENT'));
    expect(env.smtp.accepted.filter((m) => ids.some((id) => m.parsed.messageId?.includes(id)))).toHaveLength(5);
  });

  it('an address that is not one is FAILED without a send', async () => {
    const id = await queueMessage(env.platform, 'norwalk', { to: 'not an address' });
    await env.platform.deliverNotifications();
    expect(await outboxRow(env.platform, 'norwalk', id)).toMatchObject({ status: 'FAILED', failure_reason: 'INVALID_ADDRESS' });
  });
});

describe('one-time links', () => {
  const resetMessage = (to: string, token: string) => ({ to, template: 'PASSWORD_RESET' as const, data: { token, expiresAt: '2026-11-23T19:00:00.000Z', name: '' } });

  it('a token is forgotten however its message ends (sent, failed for good, suppressed); one still to be sent keeps it', async () => {
    env.smtp.reply = (_n, recipient) =>
      recipient === 'gone-for-good@example.com' ? { code: 550, message: '5.1.1 No such user' } : recipient === 'busy-now@example.com' ? { code: 421, message: '4.7.0 Busy' } : 'accept';
    const sent = await queueMessage(env.platform, 'norwalk', resetMessage('arrives@example.com', 'one-time-sent'));
    const bounced = await queueMessage(env.platform, 'norwalk', resetMessage('gone-for-good@example.com', 'one-time-bounced'));
    const waiting = await queueMessage(env.platform, 'norwalk', resetMessage('busy-now@example.com', 'one-time-waiting'));
    await passThrough(LONG_BACK_OFF);
    const suppressed = await queueMessage(env.platform, 'norwalk', resetMessage('gone-for-good@example.com', 'one-time-suppressed'));
    await passThrough(LONG_BACK_OFF);

    const rows = await Promise.all([sent, bounced, suppressed, waiting].map((id) => outboxRow(env.platform, 'norwalk', id)));
    expect(rows.map((row) => [row.status, row.data.token ?? null])).toEqual([
      ['SENT', null],
      ['FAILED', null],
      ['SUPPRESSED', null],
      ['PENDING', 'one-time-waiting'],
    ]);
    // The sent one carried its link all the same; what stays is everything else the message said.
    expect(messagesTo('arrives@example.com')[0]!.parsed.text).toContain('token=one-time-sent');
    expect(rows[0]!.data).toEqual({ expiresAt: '2026-11-23T19:00:00.000Z', name: '' });

    // The waiting one goes out with its link once the server takes it, and forgets it then.
    env.smtp.reply = () => 'accept';
    await tenantRows(env.platform, 'norwalk', `UPDATE notification_outbox SET next_attempt_at = now() WHERE id = $1`, [waiting]);
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', waiting)).status === 'SENT');
    expect((await outboxRow(env.platform, 'norwalk', waiting)).data).not.toHaveProperty('token');
    expect(messagesTo('busy-now@example.com')[0]!.parsed.text).toContain('token=one-time-waiting');
  });
});

describe('many workers', () => {
  it('two workers at once deliver each of 60 messages exactly once', async () => {
    env.smtp.reply = () => 'accept';
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await queueMessage(env.platform, i % 2 ? 'norwalk' : 'norman', { to: `pair-${i}@example.com` }));
    const [a, b] = await Promise.all([env.platform.deliverNotifications(), env.platform.deliverNotifications()]);
    expect(a.sent + b.sent).toBe(60);
    // Both took part (each claims its own batches), and neither lost a claim to the other.
    expect(a.lostClaims + b.lostClaims).toBe(0);
    const arrived = env.smtp.accepted.map((m) => m.parsed.messageId ?? '').filter((messageId) => ids.some((id) => messageId.includes(id)));
    expect(arrived).toHaveLength(60);
    expect(new Set(arrived).size).toBe(60);
  });
});

it('no message that arrived holds a card number', () => {
  expect(env.smtp.accepted.length).toBeGreaterThan(60);
  expect(env.smtp.accepted.flatMap((m) => cardNumbersIn(m.raw))).toEqual([]);
});
