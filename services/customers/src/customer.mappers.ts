import { translate, type Locale, type MessageKey, type Result } from '@platform/core';
import { type UserErrorType, toUserErrorTypes } from '@platform/api';
import type { SecurityEventEntity, SecurityEventKind } from '@platform/auth';
import type { AuthPayloadType, CustomerActionPayloadType, SecurityEventType, UserPayloadType, UserType } from './customer.types';
import type { IssuedSession } from './sign-in/session.service';
import type { UserEntity } from './users/user.entity';
import { invitationPending } from './users/user-role';

/**
 * The user as the API shows them. A closed online account keeps no name: staff read it as "Closed online account" in
 * `locale` (the request's), so a payment or an audit record naming it still reads as someone.
 */
export function toUserType(user: UserEntity, locale: Locale = 'en'): UserType {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.email !== null && user.emailVerifiedAt !== null,
    pendingEmail: user.pendingEmail,
    username: user.username,
    name: user.closedAt ? translate(locale, 'customer.closedOnlineAccount') : user.fullName,
    phone: user.phone,
    locale: user.locale,
    roles: [...user.roles],
    createdAt: user.createdAt,
    disabledAt: user.disabledAt,
    closedAt: user.closedAt,
    // Staff are created without a password (createStaffUser); residents always choose one.
    invitationPending: invitationPending(user),
  };
}

/** A refusal's userErrors as the payload's; none for a success. */
export const toUserErrors = <T>(result: Result<T>): UserErrorType[] => (result.ok ? [] : toUserErrorTypes(result.userErrors));

export function toAuthPayload(result: Result<IssuedSession>): AuthPayloadType {
  if (!result.ok) return { session: null, user: null, userErrors: toUserErrors(result) };
  const { user, ...session } = result.value;
  return { session, user: toUserType(user), userErrors: [] };
}

export function toUserPayload(result: Result<UserEntity>, locale?: Locale): UserPayloadType {
  return { user: result.ok ? toUserType(result.value, locale) : null, userErrors: toUserErrors(result) };
}

export function toActionPayload(result: Result<unknown>): CustomerActionPayloadType {
  return { userErrors: toUserErrors(result) };
}

/** Each kind as a person reads it; the Record type makes a new kind fail to compile until it has one. */
const SECURITY_EVENT_LABELS: Readonly<Record<SecurityEventKind, MessageKey>> = {
  REGISTERED: 'security.event.registered',
  REGISTRATION_ENDED: 'security.event.registrationEnded',
  LOGIN_SUCCEEDED: 'security.event.loginSucceeded',
  LOGIN_FAILED: 'security.event.loginFailed',
  LOGOUT: 'security.event.logout',
  SESSION_REFRESHED: 'security.event.sessionRefreshed',
  REFRESH_TOKEN_REUSED: 'security.event.refreshTokenReused',
  PASSWORD_CHANGED: 'security.event.passwordChanged',
  PASSWORD_RESET_REQUESTED: 'security.event.passwordResetRequested',
  PASSWORD_RESET: 'security.event.passwordReset',
  PROFILE_UPDATED: 'security.event.profileUpdated',
  STAFF_CREATED: 'security.event.staffCreated',
  STAFF_DISABLED: 'security.event.staffDisabled',
  STAFF_INVITATION_RESENT: 'security.event.staffInvitationResent',
  STAFF_INVITATION_ACCEPTED: 'security.event.staffInvitationAccepted',
  STAFF_ROLE_CHANGED: 'security.event.staffRoleChanged',
  STAFF_ENABLED: 'security.event.staffEnabled',
  RATE_LIMITED: 'security.event.rateLimited',
  ACCOUNT_LINKED: 'security.event.accountLinked',
  ACCOUNT_LINK_FAILED: 'security.event.accountLinkFailed',
  ACCOUNT_UNLINKED: 'security.event.accountUnlinked',
  LOOKUP_FAILED: 'security.event.lookupFailed',
  JOB_RUN: 'security.event.jobRun',
  BILLS_IMPORTED: 'security.event.billsImported',
  ADJUSTMENT_RECORDED: 'security.event.adjustmentRecorded',
  ACCOUNT_STATUS_CHANGED: 'security.event.accountStatusChanged',
  PAYMENT_REFUNDED: 'security.event.paymentRefunded',
  PAYMENT_VOIDED: 'security.event.paymentVoided',
  COUNTER_PAYMENT_RECORDED: 'security.event.counterPaymentRecorded',
  COUNTER_CHECK_RETURNED: 'security.event.counterCheckReturned',
  COUNTER_DRAWER_CLOSED: 'security.event.counterDrawerClosed',
  COUNTER_DRAWER_REOPENED: 'security.event.counterDrawerReopened',
  CITY_SETTINGS_CHANGED: 'security.event.citySettingsChanged',
  NOTIFICATION_RESENT: 'security.event.notificationResent',
  BANK_ACCOUNT_BLOCK_LIFTED: 'security.event.bankAccountBlockLifted',
  GIVING_BACK_REQUESTED: 'security.event.givingBackRequested',
  GIVING_BACK_APPROVED: 'security.event.givingBackApproved',
  GIVING_BACK_DECLINED: 'security.event.givingBackDeclined',
  GIVING_BACK_EXPIRED: 'security.event.givingBackExpired',
  LOCKOUT_CLEARED: 'security.event.lockoutCleared',
  RESIDENTS_SEARCHED: 'security.event.residentsSearched',
  ONLINE_ACCOUNT_CLOSED: 'security.event.onlineAccountClosed',
  PAPERLESS_CHOSEN: 'security.event.paperlessChosen',
  PAPER_CHOSEN: 'security.event.paperChosen',
  PAPERLESS_ENDED: 'security.event.paperlessEnded',
};

export function toSecurityEventType(event: SecurityEventEntity, locale: Locale): SecurityEventType {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    kind: event.kind,
    label: translate(locale, SECURITY_EVENT_LABELS[event.kind]),
    userId: event.userId,
    actor: event.actor,
    clientIp: event.clientIp,
    detail: Object.entries(event.detail).map(([key, value]) => ({ key, value })),
  };
}
