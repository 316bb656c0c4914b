import { randomUUID } from 'node:crypto';
import { clampPageSize, cursorCodec, decodeAfter, fetchSize, refuseUnlessStillSignedIn, toConnection, type Connection, type TenantContext } from '@platform/api';
import { referenceKey, type BillingScope } from '@platform/billing';
import { UserErrorCode, localDateOf, textableNumber, userError, type MessageKey, type Result } from '@platform/core';
import { notifyAfterCommit, withTenant, type TenantScope } from '@platform/db';
import { listTenants } from '@platform/tenants';
import type { DataSource, EntityManager } from 'typeorm';
import { announcedCharge } from '../charge-announcements.service';
import { aboutClosedAccount } from '../closed-account-notices';
import { paidDownWhole } from '../paid-down-reminders';
import { holderLetGo, type HeldAccount } from '../holder-notices.service';
import { standingsNoLongerHeld } from '../service-standing-notices.service';
import { OUTBOX_CHANNEL } from '../delivery/delivery-waker';
import { NotificationEntity, type NotificationTemplate } from '../notification.entity';
import { lockPaymentNotices } from '../notification.service';
import { ONE_TIME_CODE_TEMPLATE, ONE_TIME_LINK_TEMPLATES } from '../one-time-links';
import { numberRefusesTexts } from '../sms/texts-refused';
import type { NotificationFilterInput } from './notification.inputs';
import type { NotificationStatsType, NotificationType } from './notification.types';

/** A position in the newest-first list: the last message's time and id. */
const notificationCursor = cursorCodec('notifications', 'timestamp', 'uuid');

/** A page of the city's messages, newest first, filtered by recipient, account, kind and status. */
export async function listNotifications(ctx: TenantContext, filter: NotificationFilterInput, first: number, after: string | null): Promise<Connection<NotificationType>> {
  const size = clampPageSize(first);
  const cursors = notificationCursor.within({ tenantId: ctx.tenant.id });
  const position = decodeAfter(cursors, after, ctx.locale);
  const rows = await withTenant(ctx, (manager) => {
    const query = manager.getRepository(NotificationEntity).createQueryBuilder('n');
    if (filter.recipient) query.andWhere('lower(n.recipient) = lower(:recipient)', { recipient: storedRecipient(filter.recipient) });
    // As billing matches a number ("10 1002 00" is 10-1002-00); text no account number could be (a null key) finds nothing.
    if (filter.accountNumber) query.andWhere('n.account_keys @> ARRAY[:accountKey]::text[]', { accountKey: referenceKey(filter.accountNumber) });
    if (filter.template) query.andWhere('n.template = :template', { template: filter.template });
    if (filter.status) query.andWhere('n.status = :status', { status: filter.status });
    if (position) query.andWhere('(n.created_at, n.id) < (:at, :id)', { at: position[0], id: position[1] });
    return query.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(fetchSize(size)).getMany();
  });
  return toConnection(rows, size, { node: toNotificationType, cursor: (row) => cursors.encode([row.createdAt, row.id]) });
}

/**
 * A recipient as the outbox stores it: an email address as typed (compared
 * in any case), a phone number in E.164 as updateNotificationPreferences
 * keeps it, however it was typed ("562-555-0147", "(562) 555-0147").
 */
function storedRecipient(typed: string): string {
  const trimmed = typed.trim();
  return trimmed.includes('@') ? trimmed : (textableNumber(trimmed) ?? trimmed);
}

/** Every city's FAILED count and oldest PENDING message, for /metrics (one query per city). */
export async function deliveryHealth(db: DataSource, now: Date): Promise<(NotificationStatsType & { readonly city: string })[]> {
  const tenants = await listTenants(db);
  return Promise.all(tenants.map(async (tenant) => ({ city: tenant.slug, ...(await statsOf({ db, tenant }, now)) })));
}

/** FAILED count and the oldest PENDING message: what an alert watches. */
export function notificationStats(ctx: TenantContext): Promise<NotificationStatsType> {
  return statsOf(ctx, ctx.clock.now());
}

async function statsOf(scope: TenantScope, now: Date): Promise<NotificationStatsType> {
  const [row] = await withTenant(scope, (manager) =>
    manager.query<{ failed: string; pending: string; oldest: Date | null }[]>(
      `SELECT count(*) FILTER (WHERE status = 'FAILED') AS failed, count(*) FILTER (WHERE status = 'PENDING') AS pending,
              min(created_at) FILTER (WHERE status = 'PENDING') AS oldest
         FROM notification_outbox`,
    ),
  );
  const oldest = row?.oldest ?? null;
  return {
    failed: Number(row?.failed ?? 0),
    pending: Number(row?.pending ?? 0),
    oldestPendingAt: oldest,
    oldestPendingAgeSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
  };
}

/**
 * Sends a message again as a new one (its own id and Message-ID), keeping
 * the first as it was. A user's email goes to the address the user has now
 * (copyAddress): the one it went to may have been given up since, and be
 * someone else's mailbox. Staff resend after fixing the cause with the
 * resident, so resending lifts an email address's undeliverable mark; never
 * a number's refusal of texts, which only the number lifts (START), so a text
 * to a number that refuses them is refused. A message still PENDING is
 * refused: it is on its way, as is one whose copy is still PENDING. So is one
 * withdrawn before it went out, whose news no longer holds, one whose news was
 * taken back since (receiptTakenBack), one announcing an autopay charge that
 * will not be made as it says (autopay stopped since, or the day has come:
 * charge-announcements.service.ts), one saying autopay is suspended once it
 * was resumed or ended (suspension-notices.service.ts), and one that carried
 * a one-time link, which is not kept once the message is done with
 * (one-time-links.ts): the person asks for a new link.
 */
/**
 * Writes a staff member's resend in the city's audit log, in the resend's transaction, by message ids alone (never the
 * address or what the message says): a resend lifts the address's undeliverable mark and sends a person the city's
 * mail again, so the ADMIN must be able to see who did it and from where. The log is the platform's (@platform/auth),
 * which notifications does not depend on: the gateway hands this in, as it hands billing payments' answers.
 */
export type ResendAudit = (manager: EntityManager, ctx: TenantContext, resent: { readonly notificationId: string; readonly copyId: string }) => Promise<void>;

/** What a resend needs of services notifications does not depend on: the audit log, and whether a user holds an account (customers'). */
export interface ResendDependencies {
  readonly audit: ResendAudit;
  readonly heldAccount: HeldAccount;
}

export async function resendNotification(ctx: TenantContext, id: string, { audit, heldAccount }: ResendDependencies): Promise<Result<NotificationType>> {
  return withTenant(ctx, async (manager) => {
    const repository = manager.getRepository(NotificationEntity);
    // Locked, so two clicks (or two clerks) at once make one copy: the second finds the first's still PENDING.
    const original = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!original) return { ok: false, userErrors: [userError(ctx.locale, ['id'], UserErrorCode.NOTIFICATION_NOT_FOUND, 'notification.notFound')] };
    const refusal = await refusalToResend(manager, ctx, original, heldAccount);
    if (refusal) return { ok: false, userErrors: [userError(ctx.locale, ['id'], UserErrorCode.NOTIFICATION_NOT_RESENDABLE, refusal)] };
    const recipient = await copyAddress(manager, original);
    if (recipient === null) return { ok: false, userErrors: [userError(ctx.locale, ['id'], UserErrorCode.NOTIFICATION_NOT_RESENDABLE, 'notification.addressGivenUpNotResendable')] };
    // Not sent on by an ADMIN removed, demoted or signed out while it waited on the message.
    await refuseUnlessStillSignedIn(manager, ctx);
    if (original.channel === 'EMAIL') await manager.query(`DELETE FROM notification_suppressions WHERE channel = 'EMAIL' AND address = lower($1)`, [recipient]);
    const copy: Partial<NotificationEntity> = {
      tenantId: original.tenantId,
      id: randomUUID(),
      createdAt: ctx.clock.now(),
      channel: original.channel,
      recipient,
      locale: original.locale,
      template: original.template,
      data: original.data,
      status: 'PENDING',
      sentAt: null,
      userId: original.userId,
      accountNumber: original.accountNumber,
      accountKeys: original.accountKeys,
      resentFrom: original.id,
    };
    await repository.insert(copy);
    await audit(manager, ctx, { notificationId: original.id, copyId: copy.id! });
    // Woken at commit as a queued message is (enqueueNotification): the clerk resends while the resident waits, not for the next poll.
    notifyAfterCommit(manager, OUTBOX_CHANNEL, '');
    return { ok: true, value: toNotificationType(await repository.findOneByOrFail({ id: copy.id! })) };
  });
}

/** Why a message may not be sent again (the message saying so), or null when it may, read in the city's calendar on its clock. */
async function refusalToResend(manager: EntityManager, scope: BillingScope, original: NotificationEntity, heldAccount: HeldAccount): Promise<MessageKey | null> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  if (original.status === 'PENDING') return 'notification.notResendable';
  // Withdrawn before it went out because what it says no longer holds (the payment was voided, the deduction will not happen).
  if (original.failureReason === 'WITHDRAWN') return 'notification.withdrawnNotResendable';
  if (await holderLetGo(manager, original, heldAccount)) return 'notification.holderLetGoNotResendable';
  if (original.retracted) return RETRACTED_REFUSALS[original.template] ?? 'notification.chargeCalledOffNotResendable';
  if (await aboutClosedAccount(manager, original)) return 'notification.accountClosedNotResendable';
  if ((await standingsNoLongerHeld(manager, [original]))[0]) return 'notification.standingChangedNotResendable';
  const charge = announcedCharge(original);
  // From its day on, not only after: the run charges early on the day, and a copy sent later would announce as still to
  // come a charge already made or failed (whose receipt or failure notice tells the rest).
  if (charge && charge.on !== null && charge.on <= today) return 'notification.chargeDayComeNotResendable';
  // Before its day (after it, the deduction itself pays it down): what it announced was paid or credited whole since.
  if (await paidDownWhole(manager, scope, original)) return 'notification.paidDownNotResendable';
  if (await receiptTakenBack(manager, original)) return 'notification.supersededNotResendable';
  if (original.channel === 'SMS' && (await numberRefusesTexts(manager, original.recipient))) return 'notification.textsRefusedNotResendable';
  if (await manager.getRepository(NotificationEntity).existsBy({ resentFrom: original.id, status: 'PENDING' })) return 'notification.resendUnderWay';
  if (ONE_TIME_LINK_TEMPLATES.has(original.template)) return 'notification.oneTimeLinkNotResendable';
  if (original.template === ONE_TIME_CODE_TEMPLATE) return 'notification.phoneCodeNotResendable';
  return null;
}

/** What a retracted message's resend is refused with, by its kind; any other retracted kind announced an autopay charge called off. */
const RETRACTED_REFUSALS: Partial<Readonly<Record<NotificationTemplate, MessageKey>>> = {
  AUTOPAY_SUSPENDED: 'notification.suspensionOverNotResendable',
  DISCONNECTION_WARNING: 'notification.standingChangedNotResendable',
  SERVICE_DISCONNECTED: 'notification.standingChangedNotResendable',
};

/**
 * Whether the payment a receipt told of has since been voided, returned,
 * disputed or refunded in full (a notice of it was queued, the last refund's saying so):
 * the receipt, resent, would tell the resident again that the city has money
 * it gave back.
 */
async function receiptTakenBack(manager: EntityManager, original: NotificationEntity): Promise<boolean> {
  const confirmationNumber = original.data.confirmationNumber;
  if (original.template !== 'PAYMENT_RECEIPT' || confirmationNumber === undefined) return false;
  await lockPaymentNotices(manager, confirmationNumber);
  const [row] = await manager.query<{ found: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM notification_outbox
                     WHERE data->>'confirmationNumber' = $1
                       AND (template IN ('PAYMENT_VOIDED', 'PAYMENT_RETURNED', 'PAYMENT_DISPUTED') OR (template = 'PAYMENT_REFUNDED' AND data->>'refundedInFull' = 'true'))) AS found`,
    [confirmationNumber],
  );
  return row?.found === true;
}

/**
 * Where a copy goes: for a user's email, the address it went to, followed
 * through the changes of email the user made since it was queued (kept by
 * redirectPendingEmails, as the customers service reports them), so that it
 * reaches the user at their address now; null when the user has no email
 * now. Not the notice of a change itself (EMAIL_CHANGED), which is meant for
 * the address given up, nor an email to an address the payer typed that was
 * never the user's (it is followed only from the address the user gave up).
 * A text goes to its number.
 */
async function copyAddress(manager: EntityManager, original: NotificationEntity): Promise<string | null> {
  if (original.channel !== 'EMAIL' || original.userId === null || original.template === 'EMAIL_CHANGED') return original.recipient;
  const changes = await manager.query<{ from_address: string; to_address: string | null }[]>(
    'SELECT from_address, to_address FROM notification_email_changes WHERE user_id = $1 AND changed_at >= $2 ORDER BY seq',
    [original.userId, original.createdAt],
  );
  let address: string | null = original.recipient;
  for (const change of changes) {
    if (address !== null && change.from_address.toLowerCase() === address.toLowerCase()) address = change.to_address;
  }
  return address;
}

function toNotificationType(row: NotificationEntity): NotificationType {
  return {
    id: row.id,
    createdAt: row.createdAt,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    locale: row.locale,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
    sentAt: row.sentAt,
    failureReason: row.failureReason,
    lastError: row.lastError,
    accountNumber: row.accountNumber,
    resentFrom: row.resentFrom,
  };
}
