import { randomUUID } from 'node:crypto';
import type { Locale } from '@platform/core';
import { withTenant } from '@platform/db';
import { listTenants, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { EmailSender } from '../email/email-sender';
import type { NotificationChannel, NotificationTemplate } from '../notification.entity';
import { FORGET_ONE_TIME_TOKEN } from '../one-time-links';
import type { SmsSender } from '../sms/sms-sender';
import { renderEmail } from '../templates/email-templates';
import { renderSms } from '../templates/sms-templates';
import { retryDelayMs, type DeliverySettings } from './delivery-settings';
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
  /** Once aborted (the process is stopping), the pass claims nothing more and hands back what it has not begun to send. */
  readonly stopping?: AbortSignal;
}

export interface DeliveryCounts {
  sent: number;
  retrying: number;
  failed: number;
  suppressed: number;
  /** Outcomes not recorded because the claim had lapsed and another worker took the message. */
  lostClaims: number;
  /** Claimed but handed back unsent: too little of the claim was left to send them safely, or the process is stopping. */
  released: number;
}

/** A claimed row, with what decides whether it may be attempted at all. */
interface ClaimedRow {
  readonly id: string;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly locale: Locale;
  readonly template: NotificationTemplate;
  readonly data: Record<string, string>;
  readonly attempts: number;
  readonly address_undeliverable: boolean;
  readonly unsubscribed: boolean;
  /** A text for a user who has since switched texts off or changed their number: not sent to the number it was queued for. */
  readonly texts_withdrawn: boolean;
}

/** Kinds a resident may switch off (the rest are receipts, security notices and failures they must get). */
const OPTIONAL_KINDS: ReadonlySet<NotificationTemplate> = new Set(['AUTOPAY_REMINDER']);

const EMAIL_ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/**
 * One delivery pass: claims due messages city by city and sends them, until
 * none is due or the pass's time is up. Safe on any number of workers at
 * once: a claim takes rows with FOR UPDATE SKIP LOCKED and marks them with
 * this pass's claim id and a deadline, and every outcome is written only
 * while the claim is still ours. A worker that dies mid-send leaves its
 * claim to lapse; the message is then claimed again and sent again
 * (at least once: the same Message-ID lets a receiver drop the copy).
 * A process that is stopping finishes the sends under way, records them and
 * hands the rest back, so the stop's deadline does not cut a send off and
 * the rest go out at once from another worker rather than once the claim
 * lapses.
 */
export async function deliverDueNotifications(deps: DeliveryDeps): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0, suppressed: 0, lostClaims: 0, released: 0 };
  const deadline = Date.now() + deps.delivery.passBudgetMs;
  const tenants = await listTenants(deps.db);
  let claimedSomething = true;
  const stopping = () => deps.stopping?.aborted === true;
  while (claimedSomething && Date.now() < deadline && !stopping()) {
    claimedSomething = false;
    for (const tenant of tenants) {
      if (stopping()) break;
      const claimId = randomUUID();
      // Taken before the claim: the claim's deadline (the database's clock) is at least this plus claimMs.
      const claimedAt = Date.now();
      const rows = await claimDue(deps, tenant, claimId);
      if (rows.length === 0) continue;
      claimedSomething = true;
      await eachWithConcurrency(rows, deps.delivery.concurrency, async (row) => {
        if (stopping() || Date.now() - claimedAt + deps.delivery.sendTimeoutMs >= deps.delivery.claimMs) {
          if (await updateClaimed(deps, tenant, claimId, row.id, 'attempts = attempts - 1', [])) counts.released++;
          return;
        }
        const recorded = await deliverOne(deps, tenant, claimId, row, counts);
        if (!recorded) counts.lostClaims++;
      });
    }
  }
  if (counts.sent + counts.retrying + counts.failed + counts.suppressed > 0) deps.log.info({ ...counts }, 'notifications delivered');
  return counts;
}

async function claimDue(deps: DeliveryDeps, tenant: Tenant, claimId: string): Promise<ClaimedRow[]> {
  return withTenant({ db: deps.db, tenant }, async (manager) => {
    // An UPDATE's raw result is [rows, count].
    const [rows] = await manager.query<[ClaimedRow[], number]>(
      `UPDATE notification_outbox o
          SET claim_id = $1, claimed_until = now() + make_interval(secs => $2::double precision / 1000), attempts = o.attempts + 1
        WHERE (o.tenant_id, o.id) IN (
              SELECT tenant_id, id FROM notification_outbox
               WHERE status = 'PENDING' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY next_attempt_at
               LIMIT $3
               FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.channel, o.recipient, o.locale, o.template, o.data, o.attempts,
                  EXISTS (SELECT 1 FROM notification_suppressions s WHERE s.channel = o.channel AND s.address = lower(o.recipient)) AS address_undeliverable,
                  COALESCE((SELECT NOT p.autopay_reminders FROM notification_preferences p WHERE p.user_id = o.user_id), false) AS unsubscribed,
                  (o.channel = 'SMS' AND o.user_id IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM notification_preferences p WHERE p.user_id = o.user_id AND p.sms_opt_in AND p.sms_phone = o.recipient)) AS texts_withdrawn`,
      [claimId, deps.delivery.claimMs, deps.delivery.batchSize],
    );
    return rows;
  });
}

/** Attempts one claimed message and records what came of it; false when the claim had lapsed meanwhile. */
async function deliverOne(deps: DeliveryDeps, tenant: Tenant, claimId: string, row: ClaimedRow, counts: DeliveryCounts): Promise<boolean> {
  if (row.address_undeliverable) return suppress(deps, tenant, claimId, row, 'ADDRESS_UNDELIVERABLE', counts);
  if (row.unsubscribed && OPTIONAL_KINDS.has(row.template)) return suppress(deps, tenant, claimId, row, 'UNSUBSCRIBED', counts);
  // Consent to texts is read as the text goes out, not only when it was queued: one waiting out a retry when the user
  // switched texts off, or moved to a new number (the old one may be someone else's now), is not sent.
  if (row.texts_withdrawn) return suppress(deps, tenant, claimId, row, 'UNSUBSCRIBED', counts);
  // Every claim counts as an attempt, those whose worker died before recording an outcome too: a message that kills or
  // hangs its worker every time is given up on once its attempts are spent, not claimed again every time its claim lapses.
  if (row.attempts > deps.delivery.maxAttempts) {
    const done = await updateClaimed(deps, tenant, claimId, row.id, `status = 'FAILED', failure_reason = 'TOO_MANY_ATTEMPTS', attempts = attempts - 1, last_error = $3, ${FORGET_ONE_TIME_TOKEN}`, [
      'no attempt left: earlier attempts ended without an outcome (their worker stopped mid-send)',
    ]);
    if (done) counts.failed++;
    return done;
  }
  // Senders return failures as values; a throw (a bug, a full disk under the SMS sink) is a temporary failure too, so one message cannot stop the pass.
  const outcome = await attempt(deps, tenant, row).catch((error: unknown): SendOutcome => ({ kind: 'TEMPORARY', error: describe(error) }));
  return record(deps, tenant, claimId, row, outcome, counts);
}

async function attempt(deps: DeliveryDeps, tenant: Tenant, row: ClaimedRow): Promise<SendOutcome> {
  const locale = tenant.settings.locales.includes(row.locale) ? row.locale : tenant.settings.defaultLocale;
  const input = { template: row.template, data: row.data, locale, tenant, publicUrl: deps.delivery.publicUrl };
  if (row.channel === 'SMS') {
    let body: string;
    try {
      body = renderSms(input);
    } catch (error) {
      return { kind: 'PERMANENT', reason: 'RENDER_FAILED', error: describe(error) };
    }
    return deps.channels.sms.send({ notificationId: row.id, to: row.recipient, body });
  }
  if (!EMAIL_ADDRESS.test(row.recipient)) return { kind: 'PERMANENT', reason: 'INVALID_ADDRESS', error: 'not an email address' };
  let rendered;
  try {
    rendered = renderEmail(input);
  } catch (error) {
    return { kind: 'PERMANENT', reason: 'RENDER_FAILED', error: describe(error) };
  }
  const email = tenant.settings.email;
  return deps.channels.email.send({
    notificationId: row.id,
    from: { name: email.fromName ?? tenant.settings.displayName, address: email.fromAddress ?? deps.delivery.defaultFromAddress },
    replyTo: email.replyTo,
    to: row.recipient,
    ...rendered,
  });
}

async function record(deps: DeliveryDeps, tenant: Tenant, claimId: string, row: ClaimedRow, outcome: SendOutcome, counts: DeliveryCounts): Promise<boolean> {
  const log = deps.log.child({ tenant: tenant.slug, notificationId: row.id, template: row.template, attempt: row.attempts });
  switch (outcome.kind) {
    case 'SENT': {
      const done = await updateClaimed(deps, tenant, claimId, row.id, `status = 'SENT', sent_at = now(), provider_message_id = $3, last_error = NULL, ${FORGET_ONE_TIME_TOKEN}`, [
        outcome.providerMessageId,
      ]);
      if (done) counts.sent++;
      else log.warn('sent after its claim lapsed: another worker may send it again');
      return done;
    }
    case 'TEMPORARY': {
      if (row.attempts >= deps.delivery.maxAttempts) {
        log.warn({ error: outcome.error }, 'notification failed: no attempts left');
        const done = await updateClaimed(deps, tenant, claimId, row.id, `status = 'FAILED', failure_reason = 'TOO_MANY_ATTEMPTS', last_error = $3, ${FORGET_ONE_TIME_TOKEN}`, [outcome.error]);
        if (done) counts.failed++;
        return done;
      }
      const delayMs = retryDelayMs(deps.delivery, row.attempts);
      log.info({ error: outcome.error, retryInMs: delayMs }, 'notification will be retried');
      const done = await updateClaimed(deps, tenant, claimId, row.id, `next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4`, [delayMs, outcome.error]);
      if (done) counts.retrying++;
      return done;
    }
    case 'PERMANENT': {
      log.warn({ reason: outcome.reason, error: outcome.error }, 'notification failed for good');
      const done = await withTenant({ db: deps.db, tenant }, async (manager) => {
        const updated = await updateClaimedIn(manager, claimId, row.id, `status = 'FAILED', failure_reason = $3, last_error = $4, ${FORGET_ONE_TIME_TOKEN}`, [outcome.reason, outcome.error]);
        if (updated && outcome.reason === 'BOUNCED') {
          await manager.query(
            `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id) VALUES ($1, $2, lower($3), 'BOUNCED', $4, $5) ON CONFLICT DO NOTHING`,
            [tenant.id, row.channel, row.recipient, outcome.error, row.id],
          );
        }
        return updated;
      });
      if (done) counts.failed++;
      return done;
    }
  }
}

async function suppress(deps: DeliveryDeps, tenant: Tenant, claimId: string, row: ClaimedRow, reason: FailureReason, counts: DeliveryCounts): Promise<boolean> {
  const done = await updateClaimed(deps, tenant, claimId, row.id, `status = 'SUPPRESSED', failure_reason = $3, ${FORGET_ONE_TIME_TOKEN}`, [reason]);
  if (done) counts.suppressed++;
  return done;
}

function updateClaimed(deps: DeliveryDeps, tenant: Tenant, claimId: string, id: string, set: string, params: unknown[]): Promise<boolean> {
  return withTenant({ db: deps.db, tenant }, (manager) => updateClaimedIn(manager, claimId, id, set, params));
}

/** Writes an outcome only while the claim is ours; releases the claim. */
async function updateClaimedIn(manager: EntityManager, claimId: string, id: string, set: string, params: unknown[]): Promise<boolean> {
  const [, affected] = await manager.query<[unknown, number]>(`UPDATE notification_outbox SET ${set}, claim_id = NULL, claimed_until = NULL WHERE id = $1 AND claim_id = $2`, [id, claimId, ...params]);
  return affected === 1;
}

async function eachWithConcurrency<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
