import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import { UserErrorCode, userError, type FieldPath, type MessageKey, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { enqueueNotification } from '../notification.service';
import { ONE_TIME_CODE_TEMPLATE } from '../one-time-links';
import { numberRefusesTexts } from '../sms/texts-refused';
import type { NotificationPreferencesType } from '../staff/notification.types';
import { lockPreferences, preferencesOf } from './saved-preferences';

/*
 * A mobile number gets a city's texts only once its user proved it is theirs,
 * by entering the code texted to it: otherwise anyone could have receipts and
 * autopay failures (an account's dealings) texted to a stranger, a cent a
 * text on the city's bill. The code is six digits, good for ten minutes and
 * five tries, kept as a hash bound to the user and the number (no shield
 * against someone who reads the database, who could read a text still
 * waiting to go; the five tries are the guard). A number is sent at most five
 * codes a day whoever asks, in whichever city (sms_code_sends), and one a
 * minute from a city; a user asks for five a day.
 */

const CODE_LIFETIME_MS = 10 * 60_000;
const TRIES = 5;
const CODE_INTERVAL_MS = 60_000;
const CODES_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60_000;

interface HeldCode {
  readonly sms_code_hash: string | null;
  readonly sms_code_phone: string | null;
  readonly sms_code_sent_at: Date | null;
  readonly sms_code_expires_at: Date | null;
  readonly sms_code_tries_left: number;
}

type LiveCode = HeldCode & { readonly sms_code_hash: string; readonly sms_code_sent_at: Date };

const HELD_CODE = 'SELECT sms_code_hash, sms_code_phone, sms_code_sent_at, sms_code_expires_at, sms_code_tries_left FROM notification_preferences WHERE user_id = $1';

/** Whether `held` is a code texted to `phone` that may still prove it. */
function isLiveCodeFor(held: HeldCode | undefined, phone: string, now: Date): held is LiveCode {
  return !!held?.sms_code_hash && held.sms_code_phone === phone && held.sms_code_tries_left > 0 && !!held.sms_code_expires_at && held.sms_code_expires_at > now;
}

/**
 * Texts a new code to `phone`, the user's saved number, replacing any code
 * before it; in the caller's transaction, under the preferences lock. Returns
 * why none was sent (at `field`: the number a save names, or nothing when
 * the user asked for a new code), or null. A save sends none while the user
 * holds a code for the number that still works: texts switched off and on
 * again, or a second click of Save, need not spend one.
 */
export async function textConfirmationCode(
  manager: EntityManager,
  ctx: TenantContext,
  userId: string,
  phone: string,
  ask: { readonly by: 'SAVE' | 'REQUEST'; readonly field: FieldPath },
): Promise<UserError | null> {
  const now = ctx.clock.now();
  const refused = (code: UserErrorCode, key: MessageKey) => userError(ctx.locale, ask.field, code, key);
  // Asks for codes to one number one at a time, every city's (the lock is the database's), so n accounts typing a
  // stranger's number at once send it no more than one account would.
  await lockForTransaction(manager, `sms-code:${phone}`);
  const [held] = await manager.query<HeldCode[]>(HELD_CODE, [userId]);
  if (ask.by === 'SAVE' && isLiveCodeFor(held, phone, now)) return null;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  // The user's codes and the last other one to the number in this city; the number's codes in every city.
  const [sent] = await manager.query<{ by_user: number; others_last: Date | null; to_number: number }[]>(
    `SELECT count(*) FILTER (WHERE user_id = $1)::int AS by_user, max(created_at) FILTER (WHERE recipient = $2 AND user_id IS DISTINCT FROM $1) AS others_last,
            (SELECT count(*)::int FROM sms_code_sends WHERE phone_hash = $5 AND sent_at > $4) AS to_number
       FROM notification_outbox WHERE template = $3 AND created_at > $4 AND (user_id = $1 OR recipient = $2)`,
    [userId, phone, ONE_TIME_CODE_TEMPLATE, dayAgo, numberHash(phone)],
  );
  // A minute's wait only while the phone holds a code of the user's that still works, or another's just went to it: a
  // resident back at a number they just left, its code replaced by the other number's, is sent a new one at once.
  const justNow = (at: Date | null | undefined) => !!at && now.getTime() - at.getTime() < CODE_INTERVAL_MS;
  if ((isLiveCodeFor(held, phone, now) && justNow(held.sms_code_sent_at)) || justNow(sent?.others_last)) {
    return refused(UserErrorCode.PHONE_CODE_TOO_SOON, 'notification.phoneCodeTooSoon');
  }
  if (sent && (sent.by_user >= CODES_PER_DAY || sent.to_number >= CODES_PER_DAY)) return refused(UserErrorCode.PHONE_CODE_TOO_SOON, 'notification.phoneCodeLimit');
  // A number that refused the city's texts for good (a STOP, or no phone at all) would never get its code.
  if (await numberRefusesTexts(manager, phone)) return refused(UserErrorCode.PHONE_REFUSES_TEXTS, 'notification.phoneRefusesTexts');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS);
  await manager.query(
    `UPDATE notification_preferences SET sms_code_hash = $2, sms_code_phone = $3, sms_code_sent_at = $4, sms_code_expires_at = $5, sms_code_tries_left = $6
      WHERE user_id = $1`,
    [userId, codeHash(userId, phone, code), phone, now, expiresAt, TRIES],
  );
  // Counted for every city; what is a day old counts no more, and goes.
  await manager.query('DELETE FROM sms_code_sends WHERE sent_at <= $1', [dayAgo]);
  await manager.query('INSERT INTO sms_code_sends (phone_hash, sent_at) VALUES ($1, $2)', [numberHash(phone), now]);
  // The code rides in the text's data as its one-time token, erased once the text is done with, and its expiry, past
  // which the text is not sent (one-time-links.ts).
  const data = { token: code, expiresAt: expiresAt.toISOString() };
  await enqueueNotification(manager, { tenantId: ctx.tenant.id, to: phone, channel: 'SMS', locale: ctx.locale, template: ONE_TIME_CODE_TEMPLATE, data, userId }, now);
  return null;
}

/** `sendSmsPhoneCode`: a new code for the saved number that waits to be confirmed. */
export async function sendPhoneCode(ctx: TenantContext, userId: string): Promise<Result<NotificationPreferencesType>> {
  return withTenant(ctx, async (manager) => {
    await lockPreferences(manager, userId);
    const current = await preferencesOf(manager, userId);
    if (!current.smsPhone || current.smsPhoneConfirmed) return { ok: false, userErrors: [userError(ctx.locale, [], UserErrorCode.NO_PHONE_TO_CONFIRM, 'notification.noPhoneToConfirm')] };
    const refusal = await textConfirmationCode(manager, ctx, userId, current.smsPhone, { by: 'REQUEST', field: [] });
    return refusal ? { ok: false, userErrors: [refusal] } : { ok: true, value: current };
  });
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
    const phone = current.smsPhone;
    if (!phone) return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.NO_PHONE_TO_CONFIRM, 'notification.noPhoneToConfirm')] };
    const [held] = await manager.query<HeldCode[]>(HELD_CODE, [userId]);
    // A code texted to another number (the one saved before) proves nothing here, and spends no try.
    if (!isLiveCodeFor(held, phone, ctx.clock.now())) {
      return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.PHONE_CODE_EXPIRED, 'notification.phoneCodeExpired')] };
    }
    if (!sameHash(held.sms_code_hash, codeHash(userId, phone, code))) {
      await manager.query('UPDATE notification_preferences SET sms_code_tries_left = sms_code_tries_left - 1 WHERE user_id = $1', [userId]);
      return { ok: false, userErrors: [userError(ctx.locale, ['input', 'code'], UserErrorCode.PHONE_CODE_WRONG, 'notification.phoneCodeWrong')] };
    }
    await manager.query(
      `UPDATE notification_preferences SET sms_phone_confirmed = true, sms_code_hash = NULL, sms_code_phone = NULL, sms_code_sent_at = NULL, sms_code_expires_at = NULL,
         sms_code_tries_left = 0, updated_at = $2 WHERE user_id = $1`,
      [userId, ctx.clock.now()],
    );
    return { ok: true, value: { ...current, smsPhoneConfirmed: true } };
  });
}

/** The number as the table every city shares keeps it: not in clear (a thin veil, numbers being few enough to guess). */
function numberHash(phone: string): string {
  return createHash('sha256').update(phone).digest('hex');
}

/** Bound to the user and the number: a code proves only the number it was texted to, for the user who asked. */
function codeHash(userId: string, phone: string, code: string): string {
  return createHash('sha256').update(`${userId}\n${phone}\n${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
