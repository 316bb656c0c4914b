import type { TenantContext } from '@platform/api';
import { containsCardNumber, textableNumber, UserErrorCode, userError, type Result, type UserError } from '@platform/core';
import { withTenant, type TenantScope } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { NotificationTemplate } from '../notification.entity';
import type { NotificationPreferencesInput } from '../staff/notification.inputs';
import type { NotificationPreferencesType } from '../staff/notification.types';
import { lockPreferences, preferencesOf } from './saved-preferences';
import { textConfirmationCode } from './text-number-confirmation';

/** Kinds a resident may switch off (the rest are receipts, security notices and failures they must get). */
export type OptionalKind = Extract<NotificationTemplate, 'AUTOPAY_REMINDER' | 'BILL_ISSUED' | 'BILL_DUE_SOON'>;

/** Each optional kind's switch in notification_preferences: one switch for a bill's two notices, new and coming due. */
export const OPTIONAL_KIND_COLUMNS = { AUTOPAY_REMINDER: 'autopay_reminders', BILL_ISSUED: 'bill_notices', BILL_DUE_SOON: 'bill_notices' } as const satisfies Record<OptionalKind, string>;

export function isOptionalKind(kind: string): kind is OptionalKind {
  return Object.hasOwn(OPTIONAL_KIND_COLUMNS, kind);
}

/** The longest a mobile number is typed, however spaced ("+1 (405) 217 - 7739" is 19): E.164 has at most 15 digits. */
const PHONE_NUMBER_MAX_TYPED_LENGTH = 40;

/** A save: the choices as saved, and why a code it was to text the number did not go (the choices are saved all the same). */
export interface SavedPreferences {
  readonly preferences: NotificationPreferencesType;
  readonly codeNotSent: UserError | null;
}

/** Changes what the input names; texts need a number, written or already saved, and go only once it is confirmed. */
export async function updatePreferences(ctx: TenantContext, userId: string, input: NotificationPreferencesInput): Promise<Result<SavedPreferences>> {
  let smsPhone: string | null | undefined = undefined;
  if (input.smsPhone !== undefined) {
    // Longer than any number is written, it is none, and is not scanned below: the scan reads every digit group, and a
    // few megabytes of "1 1 1 ..." held the gateway's one thread for seconds.
    if (input.smsPhone !== null && input.smsPhone.length > PHONE_NUMBER_MAX_TYPED_LENGTH) {
      return { ok: false, userErrors: [userError(ctx.locale, ['input', 'smsPhone'], UserErrorCode.INVALID_PHONE, 'notification.phoneInvalid')] };
    }
    // The number is kept and shown: a card number typed into it is refused, never stored, and nothing else is said about it (as for names).
    if (input.smsPhone !== null && containsCardNumber(input.smsPhone)) {
      return { ok: false, userErrors: [userError(ctx.locale, ['input', 'smsPhone'], UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText')] };
    }
    const typed = input.smsPhone === null || input.smsPhone.trim() === '' ? null : input.smsPhone;
    smsPhone = typed === null ? null : textableNumber(typed);
    if (typed !== null && smsPhone === null) return { ok: false, userErrors: [userError(ctx.locale, ['input', 'smsPhone'], UserErrorCode.INVALID_PHONE, 'notification.phoneInvalid')] };
  }
  return withTenant(ctx, async (manager) => {
    // The user's saves one at a time, each reading what the one before wrote: two at once (two tabs, or a page that
    // saves each switch as it is flipped) each change what they name, and neither puts back what the other changed. A
    // lock of the user's, not of the row: a first save has no row to lock, and a refused one writes none.
    await lockPreferences(manager, userId);
    const current = await preferencesOf(manager, userId);
    const phone = smsPhone === undefined ? current.smsPhone : smsPhone;
    const newNumber = phone !== current.smsPhone;
    const next: NotificationPreferencesType = {
      autopayReminders: input.autopayReminders ?? current.autopayReminders,
      billNotices: input.billNotices ?? current.billNotices,
      smsPhone: phone,
      // Removing the number ends texts.
      smsOptIn: smsPhone === null ? false : (input.smsOptIn ?? current.smsOptIn),
      // Typing a number proves no hold on it: a new one waits for its code, whatever was confirmed before.
      smsPhoneConfirmed: !newNumber && current.smsPhoneConfirmed,
    };
    if (next.smsOptIn && !next.smsPhone) return { ok: false, userErrors: [userError(ctx.locale, ['input', 'smsPhone'], UserErrorCode.REQUIRED, 'notification.phoneRequired')] };
    // Texts switched on, or moved to another number, by the user: the number's earlier refusal of this user's own texts
    // (a STOP, since answered with START) no longer stands. A refusal of someone else's texts stays: typing a number
    // proves no hold on it. A number that still cannot take texts is marked again by its next text.
    if (next.smsOptIn && next.smsPhone && (!current.smsOptIn || newNumber)) {
      await manager.query(
        `DELETE FROM notification_suppressions s WHERE s.channel = 'SMS' AND s.address = lower($1)
            AND EXISTS (SELECT 1 FROM notification_outbox o WHERE o.id = s.notification_id AND o.user_id = $2)`,
        [next.smsPhone, userId],
      );
    }
    // A code held stays bound to the number it was texted to (text-number-confirmation.ts); with no number, none is
    // held: let go of first, as a code without its number is refused by the table.
    if (next.smsPhone === null) {
      await manager.query(
        'UPDATE notification_preferences SET sms_code_hash = NULL, sms_code_phone = NULL, sms_code_sent_at = NULL, sms_code_expires_at = NULL, sms_code_tries_left = 0 WHERE user_id = $1',
        [userId],
      );
    }
    // A choice about texts is the user's from now on: their number's START no longer switches them back on.
    const choosesTexts = input.smsOptIn !== undefined || smsPhone !== undefined;
    await manager.query(
      `INSERT INTO notification_preferences (tenant_id, user_id, autopay_reminders, sms_opt_in, sms_phone, sms_phone_confirmed, updated_at, bill_notices) VALUES ($1, $2, $3, $4, $5, $6, $7, $9)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET autopay_reminders = $3, sms_opt_in = $4, sms_phone = $5, sms_phone_confirmed = $6, updated_at = $7, bill_notices = $9,
         sms_stopped_at = CASE WHEN $8 THEN NULL ELSE notification_preferences.sms_stopped_at END`,
      [ctx.tenant.id, userId, next.autopayReminders, next.smsOptIn, next.smsPhone, next.smsPhoneConfirmed, ctx.clock.now(), choosesTexts, next.billNotices],
    );
    // Texts wanted at a number not yet proved: it is sent its code, once when texts are switched on or the number
    // changes (a save of other choices sends none). Within the limits on codes; one that cannot go is said.
    const codeNotSent =
      next.smsOptIn && next.smsPhone && !next.smsPhoneConfirmed && (newNumber || !current.smsOptIn)
        ? await textConfirmationCode(manager, ctx, userId, next.smsPhone, { by: 'SAVE', field: ['input', 'smsPhone'] })
        : null;
    return { ok: true, value: { preferences: next, codeNotSent } };
  });
}

/**
 * Switches a user's texts off because `phone`, their own number, refused one
 * of their texts for good (a STOP, Twilio's 21610; or a number that cannot
 * take texts): the number is marked undeliverable and gets nothing more, so
 * the settings say so instead of promising texts. The number's START (a
 * text back, sms/texts-stopped.ts) switches them on again, unless the user
 * chose about texts since; switching texts on again after answering START is
 * the other way back: it lifts the number's refusal. Nothing changes if the
 * user has since switched texts off or moved them to another number. In the
 * caller's transaction, under `updatePreferences`'s lock, so a save under way
 * neither undoes this nor is undone by it.
 */
export async function endTextsRefusedBy(manager: EntityManager, userId: string, phone: string): Promise<void> {
  await lockPreferences(manager, userId);
  await manager.query(`UPDATE notification_preferences SET sms_opt_in = false, sms_stopped_at = now(), updated_at = now() WHERE user_id = $1 AND sms_phone = $2 AND sms_opt_in`, [userId, phone]);
}

/**
 * Switches one optional kind off for a user, without their signing in (the
 * one-click unsubscribe of the kind's emails: the caller has checked the
 * link's signature). Idempotent: a kind already off stays off, untouched.
 * Under the same lock as `updatePreferences`, so a save under way neither
 * undoes this nor is undone by it.
 */
export async function switchOffKind(scope: TenantScope, userId: string, kind: OptionalKind, now: Date): Promise<void> {
  const column = OPTIONAL_KIND_COLUMNS[kind];
  await withTenant(scope, async (manager) => {
    await lockPreferences(manager, userId);
    await manager.query(
      `INSERT INTO notification_preferences (tenant_id, user_id, ${column}, updated_at) VALUES ($1, $2, false, $3)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET ${column} = false, updated_at = $3 WHERE notification_preferences.${column}`,
      [scope.tenant.id, userId, now],
    );
  });
}
