import { randomUUID } from 'node:crypto';
import { isDeliverableEmail, isSupportedLocale, type Clock, type Locale } from '@platform/core';
import { withTenant } from '@platform/db';
import type { BillingScope } from '@platform/billing';
import { listTenants, toTenantRef, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { messageIdFor, type EmailSender } from '../email/email-sender';
import { unsubscribeUrl } from '../email/unsubscribe-link';
import type { NotificationChannel, NotificationTemplate } from '../notification.entity';
import { FORGET_ONE_TIME_TOKEN, ONE_TIME_CODE_TEMPLATE, WITHDRAW, oneTimeLinkExpired } from '../one-time-links';
import { aboutClosedAccounts } from '../closed-account-notices';
import { paidDownWholeAmong } from '../paid-down-reminders';
import { standingsNoLongerHeld } from '../service-standing-notices.service';
import { endTextsRefusedBy, isOptionalKind, OPTIONAL_KIND_COLUMNS } from '../preferences/notification-preferences.service';
import type { SmsSender } from '../sms/sms-sender';
import { renderEmail } from '../templates/email-templates';
import { renderSms } from '../templates/sms-templates';
import { relayRetryDelayMs, retryDelayMs, type DeliverySettings } from './delivery-settings';
import { withoutContactDetailsIn } from './provider-error-text';
import type { FailureReason, SendOutcome } from './send-outcome';

export interface DeliveryChannels {
  readonly email: EmailSender;
  readonly sms: SmsSender;
}

export interface DeliveryDeps {
  readonly db: DataSource;
  readonly log: Logger;
  readonly delivery: DeliverySettings;
  readonly channels: DeliveryChannels;
  /** The platform's clock, which wrote a message's queuing time and its link's expiry: how long it waited is read on it. */
  readonly clock: Clock;
  /** Once aborted (the process is stopping), the pass claims nothing more and hands back what it has not begun to send. */
  readonly stopping?: AbortSignal;
}

export interface DeliveryCounts {
  sent: number;
  retrying: number;
  failed: number;
  suppressed: number;
  /** Outcomes not recorded: the claim had lapsed and another worker took the message, or it was withdrawn meanwhile. */
  lostClaims: number;
  /** Claimed, then withdrawn (or no longer this pass's) before their send began: not sent. */
  withdrawn: number;
  /**
   * Claimed but handed back unsent: too little of the claim was left to send them safely, the process is stopping, or
   * the relay had refused the platform for their channel earlier in the pass (see RelayRefusals).
   */
  released: number;
  /** Refused by the relay (RELAY_UNAVAILABLE): put back for later without spending an attempt. */
  waitingForRelay: number;
}

/**
 * The channels whose relay refused the platform in this pass, for one city,
 * with the relay's words. The pass sends that city nothing more on the
 * channel: what it claimed is handed back unspent and it claims no more, so a
 * backlog of thousands knocks on a refusing relay a few times a pass (once per
 * lane at most), not once per message, and goes out as soon as a later pass
 * finds the relay fixed.
 */
type RelayRefusals = Map<NotificationChannel, string>;

/** What decides whether a claimed message may be attempted at all, as of when it was last read (see SEND_GATE). */
interface SendGate {
  /** Where it goes now: a user who changed their email since the claim has their waiting messages sent to the new one. */
  readonly recipient: string;
  readonly address_undeliverable: boolean;
  readonly unsubscribed: boolean;
  /**
   * A text for a user who has since switched texts off or changed their number: not sent to the number it was queued
   * for. A number's confirmation code goes while the number is still the user's and not yet confirmed, texts on or off.
   */
  readonly texts_withdrawn: boolean;
}

/** A claimed row, with what decides whether it may be attempted at all. */
interface ClaimedRow extends SendGate {
  readonly id: string;
  /** When it was queued, on the platform's clock. */
  readonly created_at: Date;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly user_id: string | null;
  readonly locale: Locale;
  readonly template: NotificationTemplate;
  readonly data: Record<string, string>;
  readonly attempts: number;
  /** The account it is about, if one (AccountFiling). */
  readonly account_number: string | null;
  /** An autopay notice found untrue as it was claimed, by what billing records (see untrueNotices): withdrawn, not sent. */
  readonly untrue: boolean;
}

/**
 * The SendGate's columns for the outbox row `o`. Read by the claim and again
 * right before each later send of the claim, in the statement that finds the
 * message still PENDING: a claim's last message may go out minutes after it
 * was claimed (a batch, a few lanes, each send up to its timeout), and by
 * then its recipient may have switched texts off, or an earlier message of
 * the same pass may have found the address undeliverable.
 */
const SEND_GATE = `EXISTS (SELECT 1 FROM notification_suppressions s WHERE s.channel = o.channel AND s.address = lower(o.recipient)) AS address_undeliverable,
  COALESCE((SELECT CASE o.template ${Object.entries(OPTIONAL_KIND_COLUMNS)
    .map(([kind, column]) => `WHEN '${kind}' THEN NOT p.${column}`)
    .join(' ')} ELSE false END FROM notification_preferences p WHERE p.user_id = o.user_id), false) AS unsubscribed,
  (o.channel = 'SMS' AND o.user_id IS NOT NULL AND NOT EXISTS (
     SELECT 1 FROM notification_preferences p WHERE p.user_id = o.user_id AND p.sms_phone = o.recipient
        AND CASE WHEN o.template = '${ONE_TIME_CODE_TEMPLATE}' THEN NOT p.sms_phone_confirmed ELSE p.sms_opt_in AND p.sms_phone_confirmed END)) AS texts_withdrawn`;

/**
 * One delivery pass: claims due messages city by city and sends them, until
 * none is due or the pass's time is up. Safe on any number of workers at
 * once: a claim takes rows with FOR UPDATE SKIP LOCKED and marks them with
 * this pass's claim id and a deadline, and every outcome is written only
 * while the claim is still ours and the message still PENDING. A send (an
 * email's or a text's) is cut off before its claim lapses (see
 * `sendDeadlineMarginMs`), so a live worker never has a message on the wire
 * once another may take it. A worker that dies mid-send leaves its claim to lapse; the message is then
 * claimed again and sent again (at least once: the same Message-ID lets a
 * receiver drop the copy). A message withdrawn after its claim (the receipt
 * of a voided payment) is found so right before its send and not sent, as
 * is an autopay notice whose account the city has closed since it was
 * queued (closed-account-notices.ts).
 * A process that is stopping finishes the sends under way, records them and
 * hands the rest back, so the stop's deadline does not cut a send off and
 * the rest go out at once from another worker rather than once the claim
 * lapses.
 */
export async function deliverDueNotifications(deps: DeliveryDeps): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0, suppressed: 0, lostClaims: 0, withdrawn: 0, released: 0, waitingForRelay: 0 };
  const deadline = Date.now() + deps.delivery.passBudgetMs;
  const tenants = await listTenants(deps.db);
  const relayRefusals = new Map<string, RelayRefusals>(tenants.map((tenant) => [tenant.id, new Map()]));
  let claimedSomething = true;
  const stopping = () => deps.stopping?.aborted === true;
  while (claimedSomething && Date.now() < deadline && !stopping()) {
    claimedSomething = false;
    for (const tenant of tenants) {
      if (stopping()) break;
      const claimId = randomUUID();
      // Taken before the claim: the claim's deadline (the database's clock) is at least this plus claimMs.
      const claimedAt = Date.now();
      const refusals = relayRefusals.get(tenant.id)!;
      const rows = await claimDue(deps, tenant, claimId, [...refusals.keys()]);
      if (rows.length === 0) continue;
      claimedSomething = true;
      const sendBy = claimedAt + deps.delivery.claimMs - sendDeadlineMarginMs(deps.delivery);
      await eachInLanes(deps, tenant, claimId, rows, counts, async (row, lane) => {
        const refusal = refusals.get(row.channel);
        if (refusal !== undefined) return holdBackForRelay(deps, tenant, lane, row, refusal, counts);
        if (stopping() || Date.now() - claimedAt + deps.delivery.sendTimeoutMs >= deps.delivery.claimMs) return release(deps, tenant, lane, row, counts);
        const recorded = await deliverOne(deps, tenant, lane, row, sendBy, counts, refusals);
        if (!recorded) counts.lostClaims++;
      });
    }
  }
  if (counts.sent + counts.retrying + counts.failed + counts.suppressed + counts.waitingForRelay > 0) deps.log.info({ ...counts }, 'notifications delivered');
  return counts;
}

/**
 * How long before its claim lapses a send is cut off (an email's connection
 * closed, or a text's request to Twilio ended, the attempt a temporary
 * failure retried later): time to write the outcome while the claim is still
 * ours, and for bytes already on the way to land. A deadline on the whole
 * send, not SMTP's per-step timeouts or an HTTP client's idle timeout: a
 * server answering every step just in time would otherwise keep one send
 * going past its claim while another worker sends the message again. Cutting the send, rather than extending the claim while
 * it lasts, keeps "one claim, at most one send on the wire" a local fact of
 * this process's clock, whatever the database or a stalled relay does.
 */
function sendDeadlineMarginMs(settings: Pick<DeliverySettings, 'claimMs'>): number {
  return Math.min(5_000, settings.claimMs / 10);
}

/** Due messages of the city, but none of the channels in `skipped` (their relay refused the platform in this pass). */
async function claimDue(deps: DeliveryDeps, tenant: Tenant, claimId: string, skipped: readonly NotificationChannel[]): Promise<ClaimedRow[]> {
  return withTenant({ db: deps.db, tenant }, async (manager) => {
    // Sent oldest due first, as claimed: an UPDATE returns its rows in no particular order.
    const rows = await manager.query<Omit<ClaimedRow, 'untrue'>[]>(
      `WITH claimed AS (
         UPDATE notification_outbox o
            SET claim_id = $1, claimed_until = now() + make_interval(secs => $2::double precision / 1000), attempts = o.attempts + 1
          WHERE (o.tenant_id, o.id) IN (
                SELECT tenant_id, id FROM notification_outbox
                 WHERE status = 'PENDING' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now()) AND channel <> ALL($4::text[])
                 ORDER BY next_attempt_at
                 LIMIT $3
                 FOR UPDATE SKIP LOCKED)
          RETURNING o.id, o.created_at, o.channel, o.recipient, o.user_id, o.locale, o.template, o.data, o.attempts, o.account_number, o.next_attempt_at, ${SEND_GATE})
       SELECT id, created_at, channel, recipient, user_id, locale, template, data, attempts, account_number, address_undeliverable, unsubscribed, texts_withdrawn
         FROM claimed ORDER BY next_attempt_at, id`,
      [claimId, deps.delivery.claimMs, deps.delivery.batchSize, skipped],
    );
    const untrue = await untrueNotices(manager, { tenant: toTenantRef(tenant), clock: deps.clock }, rows);
    return rows.map((row, i) => ({ ...row, untrue: untrue[i]! }));
  });
}

/**
 * Which claimed notices billing now makes untrue: an autopay notice about an account
 * the city closed since it was queued (autopay will not charge it), a notice of where
 * an account's service stands that it no longer stands at (standingsNoLongerHeld), or a
 * reminder whose announced amount was paid down whole since (a bill cancelled
 * by a credit: no charge will be made). Read for the whole claim at once, in
 * its transaction, rather than per message right before its send: a claim's
 * sends take seconds, a notice held up by the relay days, and billing is then
 * asked once per claim, not once per reminder.
 */
async function untrueNotices(manager: EntityManager, scope: BillingScope, rows: readonly Omit<ClaimedRow, 'untrue'>[]): Promise<boolean[]> {
  const notices = rows.map((row) => ({ template: row.template, data: row.data, accountNumber: row.account_number }));
  const closed = await aboutClosedAccounts(manager, notices);
  const standingGone = await standingsNoLongerHeld(manager, notices);
  // A notice about a closed account is withdrawn whatever was paid: billing is not asked about it again.
  const open = notices.filter((_, i) => !closed[i]);
  const paidDown = await paidDownWholeAmong(manager, scope, open);
  let next = 0;
  // paidDown answers the open notices in order: each open one takes its answer, whatever else makes it untrue.
  return closed.map((isClosed, i) => (isClosed ? true : paidDown[next++]! || standingGone[i]!));
}

/**
 * Attempts one claimed message and records what came of it; false when the claim had lapsed or it was withdrawn
 * meanwhile. A refusal of the platform by the relay is noted in `refusals`, so the pass sends the city nothing more
 * on that channel.
 */
async function deliverOne(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, sendBy: number, counts: DeliveryCounts, refusals: RelayRefusals): Promise<boolean> {
  if (row.address_undeliverable) return suppress(deps, tenant, lane, row, 'ADDRESS_UNDELIVERABLE', counts);
  if (row.unsubscribed && isOptionalKind(row.template)) return suppress(deps, tenant, lane, row, 'UNSUBSCRIBED', counts);
  // Consent to texts is read as the text goes out (the gate is read again right before each send), not only when it was
  // queued: one waiting out a retry, or behind others of its claim, when the user switched texts off, or moved to a new
  // number (the old one may be someone else's now), is not sent.
  if (row.texts_withdrawn) return suppress(deps, tenant, lane, row, 'UNSUBSCRIBED', counts);
  // A reset link held up (by a relay refusing the platform all weekend, say) past its expiry would not work.
  if (oneTimeLinkExpired(row, deps.clock.now())) return suppress(deps, tenant, lane, row, 'EXPIRED', counts);
  if (row.untrue) return withdraw(deps, tenant, lane, row, counts);
  // Every claim counts as an attempt, those whose worker died before recording an outcome too: a message that kills or
  // hangs its worker every time is given up on once its attempts are spent, not claimed again every time its claim lapses.
  if (row.attempts > deps.delivery.maxAttempts) {
    const done = await updateClaimed(deps, tenant, lane, row.id, `status = 'FAILED', failure_reason = 'TOO_MANY_ATTEMPTS', attempts = attempts - 1, last_error = $3, ${FORGET_ONE_TIME_TOKEN}`, [
      'no attempt left: earlier attempts ended without an outcome (their worker stopped mid-send)',
    ]);
    if (done) counts.failed++;
    return done;
  }
  // Senders return failures as values; a throw (a bug, a full disk under the SMS sink) is a temporary failure too, so one message cannot stop the pass.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), sendBy - Date.now());
  // The provider's words quote the recipient: out of them before the log or the row (provider-error-text.ts).
  const outcome = withoutContactDetailsIn(
    await attempt(deps, tenant, row, deadline.signal)
      .catch((error: unknown): SendOutcome => ({ kind: 'TEMPORARY', error: describe(error) }))
      .finally(() => clearTimeout(timer)),
  );
  if (outcome.kind === 'RELAY_UNAVAILABLE' && !refusals.has(row.channel)) {
    refusals.set(row.channel, outcome.error);
    // Once a pass per city and channel: what an operator watches for while it lasts.
    deps.log.warn({ tenant: tenant.slug, channel: row.channel, error: outcome.error }, "the relay refused the platform: the city's messages wait for it");
  }
  return record(deps, tenant, lane, row, outcome, counts);
}

async function attempt(deps: DeliveryDeps, tenant: Tenant, row: ClaimedRow, deadline: AbortSignal): Promise<SendOutcome> {
  // In the language it was queued in, even if the city has dropped that language since: parts of the message (the
  // receipt's lines, an autopay notice's sentence) were written in it when queued, and the rest must match them.
  const locale = isSupportedLocale(row.locale) ? row.locale : tenant.settings.defaultLocale;
  const input = { template: row.template, data: row.data, locale, tenant, publicUrl: deps.delivery.publicUrl };
  if (row.channel === 'SMS') {
    let body: string;
    try {
      body = renderSms(input);
    } catch (error) {
      return { kind: 'PERMANENT', reason: 'RENDER_FAILED', error: describe(error) };
    }
    return deps.channels.sms.send({ notificationId: row.id, to: row.recipient, body, messagingServiceSid: messagingServiceOf(tenant, row) }, deadline);
  }
  if (!isDeliverableEmail(row.recipient)) return { kind: 'PERMANENT', reason: 'INVALID_ADDRESS', error: 'not an email address' };
  let rendered;
  try {
    rendered = renderEmail(input);
  } catch (error) {
    return { kind: 'PERMANENT', reason: 'RENDER_FAILED', error: describe(error) };
  }
  const email = tenant.settings.email;
  // Only a user's message can be switched off by its recipient: one queued to a bare address has nobody's settings to change.
  const kind = row.template;
  const unsubscribe =
    isOptionalKind(kind) && row.user_id !== null
      ? unsubscribeUrl(deps.delivery.publicUrl, deps.delivery.unsubscribeSecret, { tenantId: tenant.id, tenantSlug: tenant.slug, userId: row.user_id, kind, locale })
      : null;
  return deps.channels.email.send(
    {
      notificationId: row.id,
      messageId: messageIdFor(row.id, deps.delivery.defaultFromAddress),
      from: { name: email.fromName ?? tenant.settings.displayName, address: email.fromAddress ?? deps.delivery.defaultFromAddress },
      replyTo: email.replyTo,
      to: row.recipient,
      ...rendered,
      unsubscribeUrl: unsubscribe,
    },
    deadline,
  );
}

async function record(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, outcome: SendOutcome, counts: DeliveryCounts): Promise<boolean> {
  const log = deps.log.child({ tenant: tenant.slug, notificationId: row.id, template: row.template, attempt: row.attempts });
  switch (outcome.kind) {
    case 'SENT': {
      // Recorded over a withdrawal made while it was on the wire too: it went out, and the row says so. A text with
      // the service it went through, where a STOP answering it will come.
      const done = await updateClaimed(
        deps,
        tenant,
        lane,
        row.id,
        `status = 'SENT', sent_at = now(), provider_message_id = $3, messaging_service_sid = $4, failure_reason = NULL, last_error = NULL, ${FORGET_ONE_TIME_TOKEN}`,
        [outcome.providerMessageId, messagingServiceOf(tenant, row)],
        SENT_OVER_WITHDRAWAL,
      );
      if (done) counts.sent++;
      else log.warn('sent after its claim lapsed: another worker may send it again');
      return done;
    }
    case 'TEMPORARY': {
      if (row.attempts >= deps.delivery.maxAttempts) {
        log.warn({ error: outcome.error }, 'notification failed: no attempts left');
        const done = await updateClaimed(deps, tenant, lane, row.id, `status = 'FAILED', failure_reason = 'TOO_MANY_ATTEMPTS', last_error = $3, ${FORGET_ONE_TIME_TOKEN}`, [outcome.error]);
        if (done) counts.failed++;
        return done;
      }
      const delayMs = retryDelayMs(deps.delivery, row.attempts);
      log.info({ error: outcome.error, retryInMs: delayMs }, 'notification will be retried');
      const done = await updateClaimed(deps, tenant, lane, row.id, `next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4`, [delayMs, outcome.error]);
      if (done) counts.retrying++;
      return done;
    }
    case 'RELAY_UNAVAILABLE': {
      const waitedMs = waitedForRelayMs(deps, row);
      if (waitedMs === null) return failForRelay(deps, tenant, lane, row, outcome.error, counts);
      const delayMs = relayRetryDelayMs(deps.delivery, waitedMs);
      log.info({ error: outcome.error, retryInMs: delayMs }, 'notification will be retried once the relay takes it');
      const done = await updateClaimed(deps, tenant, lane, row.id, `attempts = attempts - 1, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4`, [
        delayMs,
        outcome.error,
      ]);
      if (done) counts.waitingForRelay++;
      return done;
    }
    case 'PERMANENT': {
      log.warn({ reason: outcome.reason, error: outcome.error }, 'notification failed for good');
      const done = await withTenant({ db: deps.db, tenant }, async (manager) => {
        const updated = await updateClaimedIn(manager, lane, row.id, `status = 'FAILED', failure_reason = $3, last_error = $4, ${FORGET_ONE_TIME_TOKEN}`, [outcome.reason, outcome.error]);
        if (updated && outcome.reason === 'BOUNCED') {
          // The user's own number refusing their text (a STOP) ends their texts, so their settings say what will happen.
          if (row.channel === 'SMS' && row.user_id) await endTextsRefusedBy(manager, row.user_id, row.recipient);
          await manager.query(
            `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id) VALUES ($1, $2, lower($3), 'BOUNCED', $4, $5) ON CONFLICT DO NOTHING`,
            [tenant.id, row.channel, row.recipient, outcome.error, row.id],
          );
          // Read again after the marks: the lane's next message may be to the same address (or the same user's text).
          if (lane.followingId) lane.following = await followingIn(manager, lane.claimId, lane.followingId);
        }
        return updated;
      });
      if (done) counts.failed++;
      return done;
    }
  }
}

/** The Messaging Service a text goes out through: the city's own, or null for the sender's (the platform's); null for an email. */
function messagingServiceOf(tenant: Tenant, row: Pick<ClaimedRow, 'channel'>): string | null {
  return row.channel === 'SMS' ? tenant.settings.sms.messagingServiceSid : null;
}

/** How long the message has waited since it was queued, or null once that is past the delivery's `relayGiveUpMs`. */
function waitedForRelayMs(deps: DeliveryDeps, row: ClaimedRow): number | null {
  const waitedMs = deps.clock.now().getTime() - row.created_at.getTime();
  return waitedMs >= deps.delivery.relayGiveUpMs ? null : waitedMs;
}

/**
 * A message claimed after the relay refused the platform for its channel in this pass: handed back unspent, not sent;
 * or given up on, as though refused itself, once it has waited past the give-up age.
 */
async function holdBackForRelay(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, refusal: string, counts: DeliveryCounts): Promise<void> {
  if (waitedForRelayMs(deps, row) === null) await failForRelay(deps, tenant, lane, row, refusal, counts);
  else await release(deps, tenant, lane, row, counts);
}

/** Gives up on a message the relay still refuses the platform for, the delivery's `relayGiveUpMs` or more after it was queued. */
async function failForRelay(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, refusal: string, counts: DeliveryCounts): Promise<boolean> {
  deps.log.warn({ tenant: tenant.slug, notificationId: row.id, template: row.template, error: refusal }, 'notification failed: the relay refused the platform for too long');
  const done = await updateClaimed(deps, tenant, lane, row.id, `status = 'FAILED', failure_reason = 'RELAY_UNAVAILABLE', attempts = attempts - 1, last_error = $3, ${FORGET_ONE_TIME_TOKEN}`, [
    refusal,
  ]);
  if (done) counts.failed++;
  return done;
}

/** Hands a claimed message back unsent, as if never claimed: its attempt unspent, due again at once. */
async function release(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, counts: DeliveryCounts): Promise<void> {
  if (await updateClaimed(deps, tenant, lane, row.id, 'attempts = attempts - 1', [])) counts.released++;
}

/** Withdraws a claimed message that no longer holds, as its sender would have (WITHDRAWN: never sent again). */
async function withdraw(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, counts: DeliveryCounts): Promise<boolean> {
  const done = await updateClaimed(deps, tenant, lane, row.id, WITHDRAW, []);
  if (done) counts.withdrawn++;
  return done;
}

async function suppress(deps: DeliveryDeps, tenant: Tenant, lane: Lane, row: ClaimedRow, reason: FailureReason, counts: DeliveryCounts): Promise<boolean> {
  const done = await updateClaimed(deps, tenant, lane, row.id, `status = 'SUPPRESSED', failure_reason = $3, ${FORGET_ONE_TIME_TOKEN}`, [reason]);
  if (done) counts.suppressed++;
  return done;
}

/**
 * One lane of a claim: sends its messages one after another. Before each
 * send the lane knows the message is still PENDING and still this claim's
 * (not withdrawn since it was claimed), and its SendGate as of then, read in
 * the same statement that wrote the previous outcome, so the check costs no
 * query of its own. A lane's first message is sent on the claim's own reading.
 */
interface Lane {
  readonly claimId: string;
  /** The message this lane sends next, if any. */
  readonly followingId: string | null;
  /** Its gate when the last outcome was written, or 'GONE' if it was no longer PENDING and ours; null until one was. */
  following: SendGate | 'GONE' | null;
}

/** Outcomes are written only over a PENDING row: a withdrawn message stays withdrawn, whatever became of its attempt. */
const PENDING = `status = 'PENDING'`;
/** A SENT outcome is written over a withdrawal too: the message was already on the wire when it was withdrawn. */
const SENT_OVER_WITHDRAWAL = `(status = 'PENDING' OR (status = 'SUPPRESSED' AND failure_reason = 'WITHDRAWN'))`;

function updateClaimed(deps: DeliveryDeps, tenant: Tenant, lane: Lane, id: string, set: string, params: unknown[], writable = PENDING): Promise<boolean> {
  return withTenant({ db: deps.db, tenant }, (manager) => updateClaimedIn(manager, lane, id, set, params, writable));
}

/** The gate of the message `id` if it is still PENDING and the claim `claimId`'s; no row if not. Both are placeholders. */
function followingGate(id: string, claimId: string): string {
  return `SELECT o.recipient, ${SEND_GATE} FROM notification_outbox o WHERE o.id = ${id}::uuid AND o.claim_id = ${claimId} AND o.status = 'PENDING'`;
}

/** Writes an outcome only while the claim is ours and the row `writable`; releases the claim. Reads whether the lane's next message may still go. */
async function updateClaimedIn(manager: EntityManager, lane: Lane, id: string, set: string, params: unknown[], writable = PENDING): Promise<boolean> {
  const [result] = await manager.query<{ written: number; following: SendGate | null }[]>(
    `WITH written AS (
       UPDATE notification_outbox SET ${set}, claim_id = NULL, claimed_until = NULL WHERE id = $1 AND claim_id = $2 AND ${writable} RETURNING 1),
     following AS (${followingGate(`$${params.length + 3}`, '$2')})
     SELECT (SELECT count(*) FROM written)::int AS written, (SELECT row_to_json(f) FROM following f) AS following`,
    [id, lane.claimId, ...params, lane.followingId],
  );
  lane.following = result!.following ?? 'GONE';
  return result!.written === 1;
}

/** The gate of a claimed message, or 'GONE' if it is no longer PENDING and this claim's. */
async function followingIn(manager: EntityManager, claimId: string, id: string): Promise<SendGate | 'GONE'> {
  const [gate] = await manager.query<SendGate[]>(followingGate('$1', '$2'), [id, claimId]);
  return gate ?? 'GONE';
}

/** Runs `fn` over a claim's rows in `concurrency` lanes, each with its gate as read right before its turn; a row found withdrawn then is skipped. */
async function eachInLanes(
  deps: DeliveryDeps,
  tenant: Tenant,
  claimId: string,
  rows: readonly ClaimedRow[],
  counts: DeliveryCounts,
  fn: (row: ClaimedRow, lane: Lane) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runLane = async () => {
    let row = rows[next++];
    // A lane's first message goes on the claim's own reading.
    let gate: SendGate | 'GONE' = row ?? 'GONE';
    while (row) {
      const following = rows[next++];
      const lane: Lane = { claimId, followingId: following?.id ?? null, following: null };
      if (gate === 'GONE') counts.withdrawn++;
      else await fn({ ...row, ...gate }, lane);
      row = following;
      // Read in the statement that wrote the last outcome; by a query of its own only when none was written.
      if (!row) break;
      const id = row.id;
      gate = lane.following ?? (await withTenant({ db: deps.db, tenant }, (manager) => followingIn(manager, claimId, id)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.delivery.concurrency, rows.length) }, runLane));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
