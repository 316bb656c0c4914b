import { LocaleEnum, PageInfoType, UserErrorType } from '@platform/api';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from '@platform/auth';
import { ServiceAccountType } from '@platform/billing';
import type { Locale } from '@platform/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { UserRole } from './users/user-role';

const UserRoleEnum = { CUSTOMER: 'CUSTOMER', SUPPORT: 'SUPPORT', ADMIN: 'ADMIN' } as const;
export const StaffRoleEnum = { SUPPORT: 'SUPPORT', ADMIN: 'ADMIN' } as const;
export const SecurityEventKindEnum = Object.fromEntries(SECURITY_EVENT_KINDS.map((k) => [k, k])) as { [K in SecurityEventKind]: K };
registerEnumType(UserRoleEnum, { name: 'UserRole', description: "A user's role in their own city." });
registerEnumType(StaffRoleEnum, { name: 'StaffRole' });
registerEnumType(SecurityEventKindEnum, { name: 'SecurityEventKind' });

@ObjectType('User', { description: 'A person who signs in to one city.' })
export class UserType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Where the account’s mail goes, once proved (emailVerified); sign-in by email and password resets use it.' })
  email: string | null;
  @Field({ description: 'Whether the owner of `email` followed a link sent there (a verification, a reset, an invitation). Until then the address gets nothing but that link.' })
  emailVerified: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'A new email asked for (updateProfile), waiting for the link sent there to be followed (verifyEmail); `email` keeps the account’s mail until then. Null: none asked for.',
  })
  pendingEmail: string | null;
  @Field(() => String, { nullable: true }) username: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true, description: 'E.164, e.g. "+14052177739".' }) phone: string | null;
  @Field(() => LocaleEnum) locale: Locale;
  @Field(() => [UserRoleEnum]) roles: UserRole[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Since when a staff member can no longer sign in (disableStaffUser); null while they can.' }) disabledAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the resident closed their online account (closeMyAccount), or the city’s ADMIN closed it for them (closeResidentAccount): it keeps no name, email, phone or username since, and `name` reads "Closed online account". Null while open.',
  })
  closedAt: Date | null;
  @Field({ description: 'A staff member added by createStaffUser who has not yet set a password from the invitation, and so cannot sign in yet. False for everyone else.' })
  invitationPending: boolean;
}

@ObjectType('Viewer', { description: 'The signed-in user.' })
export class ViewerType {
  /** Not in the schema: `user` is resolved from it only when asked for, so a viewer's accounts cost no user look-up. */
  userId: string;
  @Field(() => [UserRoleEnum]) roles: UserRole[];
}

@ObjectType('AuthSession', { description: 'Credentials after signing in. Keep the refresh token secret; it works once.' })
export class AuthSessionType {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`.' }) accessToken: string;
  @Field() accessTokenExpiresAt: Date;
  @Field({ description: 'Exchange with refreshSession for a new pair before it expires.' }) refreshToken: string;
  @Field() refreshTokenExpiresAt: Date;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field(() => AuthSessionType, { nullable: true }) session: AuthSessionType | null;
  @Field(() => UserType, { nullable: true }) user: UserType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('UserPayload')
export class UserPayloadType {
  @Field(() => UserType, { nullable: true }) user: UserType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('CustomerActionPayload', { description: 'The outcome of an action with nothing else to return.' })
export class CustomerActionPayloadType {
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('SecurityEventDetail')
export class SecurityEventDetailType {
  @Field() key: string;
  @Field() value: string;
}

@ObjectType('SecurityEvent', { description: "An entry in the city's audit log." })
export class SecurityEventType {
  @Field(() => ID) id: string;
  @Field() occurredAt: Date;
  @Field(() => SecurityEventKindEnum) kind: SecurityEventKind;
  @Field({ description: 'The kind as a person reads it, e.g. "Signed in", in the request\'s language.' }) label: string;
  @Field(() => ID, { nullable: true, description: 'The user the event is about.' }) userId: string | null;
  @Field({
    description:
      'Who did it: a user id, or a word for no user: "platform-operator", "anonymous", "system" (the platform\'s own jobs), "cli" (a command run on the server) or "production-start" (a production gateway as it started, taking away the demo sign-ins whose password is published).',
  })
  actor: string;
  @Field() clientIp: string;
  @Field(() => [SecurityEventDetailType]) detail: SecurityEventDetailType[];
}

@ObjectType('SecurityEventEdge')
export class SecurityEventEdgeType {
  @Field(() => SecurityEventType) node: SecurityEventType;
  @Field() cursor: string;
}

@ObjectType('SecurityEventConnection')
export class SecurityEventConnectionType {
  @Field(() => [SecurityEventEdgeType]) edges: SecurityEventEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('ServiceAccountLinkPayload')
export class ServiceAccountLinkPayloadType {
  @Field(() => ServiceAccountType, { nullable: true }) serviceAccount: ServiceAccountType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
