import { Role, UUIDScalar, requireTenant, type Connection, type RequestContext, toUserErrorTypes } from '@platform/api';
import { DomainError, ErrorCode, translate, type Result, type UserError } from '@platform/core';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { updatePreferences } from './preferences/notification-preferences.service';
import { viewerPreferences } from './preferences/saved-preferences';
import { confirmPhone, sendPhoneCode } from './preferences/text-number-confirmation';
import { ConfirmSmsPhoneInput, NotificationFilterInput, NotificationPreferencesInput } from './staff/notification.inputs';
import { listNotifications, notificationStats, resendNotification, type ResendDependencies } from './staff/notification-staff.service';
import {
  NotificationConnectionType,
  NotificationPayloadType,
  NotificationPreferencesPayloadType,
  NotificationPreferencesType,
  NotificationStatsType,
  type NotificationType,
} from './staff/notification.types';

/** Messages: what staff see of delivery, and what residents choose to get. */
@Resolver()
export class NotificationResolver {
  constructor(private readonly resends: ResendDependencies) {}

  @Authorized(Role.ADMIN)
  @Query(() => NotificationConnectionType, { description: "The city's messages, newest first, by recipient, account, kind and status. ADMIN only." })
  async notifications(
    @Arg('filter', () => NotificationFilterInput, { nullable: true }) filter: NotificationFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<NotificationType>> {
    return listNotifications(requireTenant(ctx), filter ?? {}, first ?? 20, after);
  }

  @Authorized(Role.ADMIN)
  @Query(() => NotificationStatsType, { description: 'How many messages were given up on, and how long the oldest waiting one has waited. ADMIN only.' })
  async notificationStats(@Ctx() ctx: RequestContext): Promise<NotificationStatsType> {
    return notificationStats(requireTenant(ctx));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => NotificationPayloadType, {
    description:
      "Sends a SENT, FAILED or SUPPRESSED message again, as a new message (the first is kept). A user's email goes to the address the user has now, followed from the one it went to through the user's changes of email since. Lifts an email address's undeliverable mark, never a number's refusal of texts (STOP): a text to such a number is refused. Not one withdrawn before it went out (its news no longer holds: a voided payment's receipt), nor a receipt of a payment voided, returned or refunded in full since it was sent, nor an autopay reminder, card warning or failure announcing a charge that will not be made as it says (autopay cancelled or suspended since, or the charge's day come), nor an autopay reminder, card warning or suspension notice of an account the city has closed since, nor one whose earlier copy is still on its way, nor a password reset or an invitation, whose one-time link is not kept once sent, nor a notice about an account (its bill, its service) to someone who no longer holds it, nor a user's email when the user has no email address now (NOTIFICATION_NOT_RESENDABLE). ADMIN only.",
  })
  async resendNotification(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<NotificationPayloadType> {
    const result = await resendNotification(requireTenant(ctx), id, this.resends);
    return result.ok ? { notification: result.value, userErrors: [] } : { notification: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized()
  @Query(() => NotificationPreferencesType, { description: "The signed-in user's message choices." })
  async notificationPreferences(@Ctx() ctx: RequestContext): Promise<NotificationPreferencesType> {
    return viewerPreferences(requireTenant(ctx), viewerId(ctx));
  }

  @Authorized()
  @Mutation(() => NotificationPreferencesPayloadType, {
    description:
      'Switches autopay reminders and text messages on or off for the signed-in user. Texts switched on at a number not yet confirmed, or a new number, send it a 6-digit code; texts go once confirmSmsPhone takes the code. A save whose code could not go (PHONE_CODE_TOO_SOON: a number is sent one a minute and five a day, a user five a day; PHONE_REFUSES_TEXTS) is saved all the same: the preferences come back with that one userError beside them.',
  })
  async updateNotificationPreferences(@Arg('input', () => NotificationPreferencesInput) input: NotificationPreferencesInput, @Ctx() ctx: RequestContext): Promise<NotificationPreferencesPayloadType> {
    const result = await updatePreferences(requireTenant(ctx), viewerId(ctx), input);
    if (!result.ok) return preferencesPayload(null, result.userErrors);
    const { preferences, codeNotSent } = result.value;
    return preferencesPayload(preferences, codeNotSent ? [codeNotSent] : []);
  }

  @Authorized()
  @Mutation(() => NotificationPreferencesPayloadType, {
    description: 'Confirms the saved mobile number with the code texted to it (10 minutes, 5 tries; PHONE_CODE_WRONG, PHONE_CODE_EXPIRED, NO_PHONE_TO_CONFIRM). A number already confirmed stays so.',
  })
  async confirmSmsPhone(@Arg('input', () => ConfirmSmsPhoneInput) input: ConfirmSmsPhoneInput, @Ctx() ctx: RequestContext): Promise<NotificationPreferencesPayloadType> {
    return resultPayload(await confirmPhone(requireTenant(ctx), viewerId(ctx), input.code));
  }

  @Authorized()
  @Mutation(() => NotificationPreferencesPayloadType, {
    description:
      'Texts a new code to the saved mobile number that waits to be confirmed (NO_PHONE_TO_CONFIRM; PHONE_CODE_TOO_SOON: a number is sent one a minute and five a day, a user five a day; PHONE_REFUSES_TEXTS).',
  })
  async sendSmsPhoneCode(@Ctx() ctx: RequestContext): Promise<NotificationPreferencesPayloadType> {
    return resultPayload(await sendPhoneCode(requireTenant(ctx), viewerId(ctx)));
  }
}

/** The preferences, and what was refused or could not be done: beside them when they were saved all the same. */
function preferencesPayload(preferences: NotificationPreferencesType | null, userErrors: readonly UserError[]): NotificationPreferencesPayloadType {
  return { preferences, userErrors: toUserErrorTypes(userErrors) };
}

function resultPayload(result: Result<NotificationPreferencesType>): NotificationPreferencesPayloadType {
  return result.ok ? preferencesPayload(result.value, []) : preferencesPayload(null, result.userErrors);
}

function viewerId(ctx: RequestContext): string {
  if (!ctx.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(ctx.locale, 'error.unauthenticated'));
  return ctx.viewer.userId;
}
