import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import { UserErrorCode, userError, type MessageKey, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { enqueueNotification } from '../notification.service';
import { ONE_TIME_CODE_TEMPLATE } from '../one-time-links';
import type { NotificationPreferencesType } from '../staff/notification.types';
import { lockPreferences, preferencesOf } from './saved-preferences';

/*
 * A mobile number gets a city's texts only once its user proved it is theirs,
 * by entering the code texted to it: otherwise anyone could have receipts and
 * autopay failures (an account's dealings) texted to a stranger, a cent a
 * text on the city's bill. The code is six digits, kept only as a hash bound
 * to the user and the number, good for ten minutes and five tries; a number
 * is sent at most one a minute, and a user five a day, so neither guessing nor
 * a flood of codes to someone's phone gets far.
 */

const CODE_LIFETIME_MS = 10 * 60_000;
const TRIES = 5;
const CODE_INTERVAL_MS = 60_000;
const CODES_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Texts a new code to `phone`, the user's saved number, replacing any code
 * before it; in the caller's transaction, under the preferences lock. Returns
 * why none was sent (too soon after the last, or five today), or null.
 */
export async function textConfirmationCode(manager: EntityManager, ctx: TenantContext, userId: string, phone: string): Promise<MessageKey | null> {
  const now = ctx.clock.now();
  // A minute between codes to one number (a corrected typo's number is sent its code at once), five a day in all.
  const [sent] = await manager.query<{ today: number; last: Date | null }[]>(
    `SELECT count(*)::int AS today, max(created_at) FILTER (WHERE recipient = $4) AS last
       FROM notification_outbox WHERE user_id = $1 AND template = $2 AND created_at > $3`,
    [userId, ONE_TIME_CODE_TEMPLATE, new Date(now.getTime() - DAY_MS), phone],
  );
  if (sent && sent.today >= CODES_PER_DAY) return 'notification.phoneCodeLimit';
  if (sent?.last && now.getTime() - sent.last.getTime() < CODE_INTERVAL_MS) return 'notification.phoneCodeTooSoon';
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await manager.query('UPDATE notification_preferences SET sms_code_hash = $2, sms_code_expires_at = $3, sms_code_tries_left = $4 WHERE user_id = $1', [
    userId,
    codeHash(userId, phone, code),
    new Date(now.getTime() + CODE_LIFETIME_MS),
    TRIES,
  ]);
  // The code rides in the text's data as its one-time token, erased once the text is done with (one-time-links.ts).
  await enqueueNotification(manager, { tenantId: ctx.tenant.id, to: phone, channel: 'SMS', locale: ctx.locale, template: ONE_TIME_CODE_TEMPLATE, data: { token: code }, userId }, now);
  return null;
}

/** `sendSmsPhoneCode`: a new code for the saved number that waits to be confirmed. */
export async function sendPhoneCode(ctx: TenantContext, userId: string): Promise<Result<NotificationPreferencesType>> {
  return withTenant(ctx, async (manager) => {
    await lockPreferences(manager, userId);
    const current = await preferencesOf(manager, userId);
    if (!current.smsPhone || current.smsPhoneConfirmed) return { ok: false, userErrors: [userError(ctx.locale, [], UserErrorCode.NO_PHONE_TO_CONFIRM, 'notification.noPhoneToConfirm')] };
    const refusal = await textConfirmationCode(manager, ctx, userId, current.smsPhone);
    if (refusal) return { ok: false, userErrors: [userError(ctx.locale, [], UserErrorCode.PHONE_CODE_TOO_SOON, refusal)] };
    return { ok: true, value: current };
  });
}

interface CodeRow {
  readonly sms_phone: string | null;
  readonly sms_code_hash: string | null;
  readonly sms_code_expires_at: Date | null;
  readonly sms_code_tries_left: number;
}

/**
 * `confirmSmsPhone`: the code texted to the saved number proves it; texts go
 * to it from now on. A wrong code spends a try (committed, so tries cannot be
 * had back by failing the request); a number already confirmed is confirmed
 * again (a second click of Confirm).
 */
export async function confirmPhone(ctx: TenantContext, userId: string, typed: string): Promise<Result<NotificationPreferencesType>> {
  const code = typed.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(code)) {
    const kind = code === '' ? UserErrorCode.REQUIRED : UserErrorCode.INVALID;
    return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], kind, 'notification.phoneCodeMalformed')] };
  }
  return withTenant(ctx, async (manager) => {
    await lockPreferences(manager, userId);
    const current = await preferencesOf(manager, userId);
    if (current.smsPhoneConfirmed) return { ok: true, value: current };
    const [row] = await manager.query<CodeRow[]>('SELECT sms_phone, sms_code_hash, sms_code_expires_at, sms_code_tries_left FROM notification_preferences WHERE user_id = $1', [userId]);
    if (!row?.sms_phone) return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.NO_PHONE_TO_CONFIRM, 'notification.noPhoneToConfirm')] };
    const live = row.sms_code_hash !== null && row.sms_code_tries_left > 0 && row.sms_code_expires_at !== null && row.sms_code_expires_at > ctx.clock.now();
    if (!live) return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.PHONE_CODE_EXPIRED, 'notification.phoneCodeExpired')] };
    if (!sameHash(row.sms_code_hash, codeHash(userId, row.sms_phone, code))) {
      await manager.query('UPDATE notification_preferences SET sms_code_tries_left = sms_code_tries_left - 1 WHERE user_id = $1', [userId]);
      return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.PHONE_CODE_WRONG, 'notification.phoneCodeWrong')] };
    }
    await manager.query(
      `UPDATE notification_preferences SET sms_phone_confirmed = true, sms_code_hash = NULL, sms_code_expires_at = NULL, sms_code_tries_left = 0, updated_at = $2 WHERE user_id = $1`,
      [userId, ctx.clock.now()],
    );
    return { ok: true, value: { ...current, smsPhoneConfirmed: true } };
  });
}

/** Bound to the user and the number: a code proves only the number it was texted to, for the user who asked. */
function codeHash(userId: string, phone: string, code: string): string {
  return createHash('sha256').update(`${userId}\n${phone}\n${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
