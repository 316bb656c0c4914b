import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { CARDS, VOID, cardToken, newKey, pay } from '../payments/payments-api';
import { deliverUntil, outboxRow, queueMessage } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Races between a delivery pass and what happens while its messages are
 * claimed but not yet handed over.
 *
 * A payment voided while its receipt is claimed: whether the receipt waits
 * to retry after a temporary failure, or waits in its batch behind a slow
 * send, it is not sent (the payer gets only the cancellation), and its row
 * stays withdrawn.
 *
 * A mail relay that answers every SMTP step just within the SMTP timeout, so
 * one send outlasts the whole claim: the send is cut off before the claim
 * lapses, and the message goes out once, not once per worker.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a payment voided while its receipt is claimed', () => {
  const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
  let smtp: SmtpCatcher;
  let platform: TestPlatform;
  let staff: GraphQLTestClient;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    // One send at a time, so a second message waits in its batch behind the first.
    platform = await startTestPlatform({ clock, notifications: { smtpUrl: smtp.url, delivery: { concurrency: 1 } } });
    staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    await platform.deliverNotifications(); // the staff invitation
  });
  afterAll(async () => {
    await platform.close();
    await smtp.close();
  });

  interface NoticeRow {
    readonly id: string;
    readonly template: string;
    readonly status: string;
    readonly failure_reason: string | null;
  }
  const noticesTo = (email: string) =>
    tenantRows<NoticeRow>(platform, 'norwalk', `SELECT id, template, status, failure_reason FROM notification_outbox WHERE recipient = $1 ORDER BY created_at, template`, [email]);
  const receiptOf = async (email: string) => (await noticesTo(email)).find((row) => row.template === 'PAYMENT_RECEIPT')!;
  const copiesAccepted = (id: string) => smtp.accepted.filter((message) => message.parsed.messageId?.includes(id)).length;

  async function guestPayment(email: string): Promise<string> {
    const result = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1002-00', amount: '20.00' }],
      token: await cardToken(platform, CARDS.visa),
      payerEmail: email,
    });
    return result.payment!.id;
  }
  async function voidPayment(id: string): Promise<void> {
    const result = await staff.data<{ voidPayment: { payment: { status: string } | null } }>(VOID, { input: { paymentId: id, reason: 'Paid twice' } });
    expect(result.voidPayment.payment?.status).toBe('VOIDED');
  }

  it('a receipt that failed temporarily while the payment was voided is not retried', async () => {
    const email = 'retrying-receipt@example.com';
    const paymentId = await guestPayment(email);
    let voided = false;
    // The receipt's DATA gets no reply: the send times out (a temporary failure), after the void has committed.
    smtp.reply = (_n, to) => (to === email && !voided ? 'hold' : 'accept');
    const pass = platform.deliverNotifications();
    await smtp.waitForHeld();
    await voidPayment(paymentId);
    voided = true;
    await pass;
    const receipt = await receiptOf(email);
    expect(receipt).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' });

    await sleep(300); // past any retry delay (tests retry within 200 ms)
    await platform.deliverNotifications();
    expect(copiesAccepted(receipt.id)).toBe(0);
    expect(await noticesTo(email)).toEqual([
      expect.objectContaining({ template: 'PAYMENT_RECEIPT', status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' }),
      expect.objectContaining({ template: 'PAYMENT_VOIDED', status: 'SENT' }),
    ]);
  }, 30_000);

  it('a receipt waiting in its batch behind a slow send when the payment is voided is not sent', async () => {
    const emails = ['first-in-batch@example.com', 'second-in-batch@example.com'] as const;
    const payments = [await guestPayment(emails[0]), await guestPayment(emails[1])];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldFor: string | null = null;
    let onHeld!: () => void;
    const held = new Promise<void>((resolve) => (onHeld = resolve));
    // The batch's first DATA is held before the server accepts it; the other receipt, claimed with it, waits its turn.
    smtp.reply = (_n, to) => {
      if (heldFor !== null) return 'accept';
      heldFor = to;
      onHeld();
      return { beforeAccept: () => released };
    };
    const pass = platform.deliverNotifications();
    await held;
    const waiting = emails[0] === heldFor ? 1 : 0;
    const waitingReceipt = await receiptOf(emails[waiting]);
    await voidPayment(payments[waiting]!);
    release();
    const counts = await pass;

    expect(counts.withdrawn).toBe(1);
    expect(copiesAccepted(waitingReceipt.id)).toBe(0);
    expect(await receiptOf(emails[waiting])).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' });
    // The held one was not voided, and goes out.
    const sentReceipt = await receiptOf(emails[1 - waiting]!);
    expect(sentReceipt.status).toBe('SENT');
    expect(copiesAccepted(sentReceipt.id)).toBe(1);
  }, 30_000);
});

describe('a relay slower than the claim', () => {
  // Every reply comes this long after the client's line: within the SMTP timeout (1 s in tests, like 30 s in
  // production), but a fresh connection's six steps take 5.4 s, longer than the claim.
  const STEP_MS = 900;
  // Production's ratios: the claim is over 4 x the SMTP timeout, a send is given 3 x.
  const CLAIM_MS = 4_100;
  let server: Server;
  const acceptedIds: string[] = [];
  let connections = 0;
  let slowConnectionClosedAt = 0;
  let platform: TestPlatform;

  /** A minimal SMTP server: the first connection answers slowly, later ones at once. */
  function serve(socket: Socket): void {
    const stepMs = connections++ === 0 ? STEP_MS : 0;
    if (stepMs > 0) socket.on('close', () => (slowConnectionClosedAt = Date.now()));
    let buffer = '';
    let inData = false;
    const say = (text: string) => setTimeout(() => socket.writable && socket.write(`${text}\r\n`), stepMs);
    say('220 slow.example ESMTP');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          acceptedIds.push(/^Message-ID:\s*(.*)$/im.exec(buffer.slice(0, end))?.[1]?.trim() ?? '');
          buffer = buffer.slice(end + 5);
          inData = false;
          say('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') say('250 slow.example');
        else if (verb === 'DATA') {
          inData = true;
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else say('250 ok');
      }
    });
  }

  beforeAll(async () => {
    server = createServer(serve);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`;
    platform = await startTestPlatform({ notifications: { smtpUrl: url, delivery: { claimMs: CLAIM_MS, sendTimeoutMs: 3_000 } } });
  });
  afterAll(async () => {
    await platform.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** When the message's claim lapses (epoch ms), once a pass has claimed it. */
  async function claimedUntil(id: string): Promise<number> {
    for (;;) {
      const [row] = await tenantRows<{ claimed_until: Date | null }>(platform, 'norman', 'SELECT claimed_until FROM notification_outbox WHERE id = $1', [id]);
      if (row?.claimed_until) return row.claimed_until.getTime();
      await sleep(20);
    }
  }

  it('a send outlasting its claim is cut off before the claim lapses, and the message goes out once', async () => {
    const id = await queueMessage(platform, 'norman', { to: 'slow-relay@example.com' });
    const first = platform.deliverNotifications();
    // When the first claim lapses, as the database wrote it: the send must be cut off before then. Counted from the
    // claim, not from the test's start, since a loaded machine may take the claim a while after the pass begins.
    const claimLapsesAt = await claimedUntil(id);
    await sleep(claimLapsesAt - Date.now() + 200);
    // Another instance's pass, once the first claim has lapsed.
    const second = platform.deliverNotifications();
    const [a, b] = await Promise.all([first, second]);
    await deliverUntil(platform, async () => (await outboxRow(platform, 'norman', id)).status === 'SENT');

    expect(acceptedIds.filter((messageId) => messageId.includes(id))).toHaveLength(1);
    // The first send was cut off (its connection closed) while its claim still stood, and recorded as a temporary failure.
    expect(slowConnectionClosedAt).toBeGreaterThan(claimLapsesAt - CLAIM_MS);
    expect(slowConnectionClosedAt).toBeLessThan(claimLapsesAt);
    expect(a.retrying).toBe(1);
    expect(a.lostClaims + b.lostClaims).toBe(0);
    expect(await outboxRow(platform, 'norman', id)).toMatchObject({ status: 'SENT', attempts: 2 });
  }, 30_000);
});
