import { UUIDScalar } from '@platform/api';
import type { SecurityEventKind } from '@platform/auth';
import { Field, InputType } from 'type-graphql';
import { SecurityEventKindEnum, StaffRoleEnum } from '../customer.types';

@InputType('ChangeStaffRoleInput')
export class ChangeStaffRoleInput {
  @Field(() => UUIDScalar) userId: string;
  @Field(() => StaffRoleEnum, { description: 'The role they hold from now on, instead of their current one.' }) role: 'SUPPORT' | 'ADMIN';
}

@InputType('AuditLogFilter', { description: 'Narrows the audit log: each part given must hold (what one staff member did, or what was done to them, of some kinds).' })
export class AuditLogFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Only what this actor did: a user id (a staff member\'s id from staffUsers), or "platform-operator", "system", "cli" or "production-start", as SecurityEvent.actor says.',
  })
  actor?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Only events about this user (SecurityEvent.userId): whose access was removed, whose role changed, who signed in.' })
  userId?: string | null;

  @Field(() => [SecurityEventKindEnum], { nullable: true, description: 'Only events of these kinds.' })
  kinds?: SecurityEventKind[] | null;
}
