import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { StaffRoleEnum } from '../customer.types';

@InputType('ChangeStaffRoleInput')
export class ChangeStaffRoleInput {
  @Field(() => UUIDScalar) userId: string;
  @Field(() => StaffRoleEnum, { description: 'The role they hold from now on, instead of their current one.' }) role: 'SUPPORT' | 'ADMIN';
}
