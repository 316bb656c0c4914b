import { LocaleEnum, UUIDScalar } from '@platform/api';
import type { Locale } from '@platform/core';
import { Field, InputType } from 'type-graphql';
import { StaffRoleEnum } from './customer.types';

@InputType('RegisterInput', { description: 'Norwalk asks for email and password; Norman also for username, name and phone (see tenant.signInIdentifier).' })
export class RegisterInput {
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field() password: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => LocaleEnum, { nullable: true }) locale?: Locale | null;
}

@InputType('LoginInput')
export class LoginInput {
  @Field({ description: 'Email or username, as the city signs people in.' }) identifier: string;
  @Field() password: string;
}

@InputType('RequestPasswordResetInput')
export class RequestPasswordResetInput {
  @Field({ description: 'Email or username.' }) identifier: string;
}

@InputType('ResetPasswordInput')
export class ResetPasswordInput {
  @Field({ description: 'From the reset or invitation email.' }) token: string;
  @Field() newPassword: string;
}

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field() currentPassword: string;
  @Field() newPassword: string;
}

@InputType('UpdateProfileInput', { description: 'Omitted fields stay as they are; null clears an optional one.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => LocaleEnum, { nullable: true }) locale?: Locale | null;
  @Field(() => String, { nullable: true, description: 'Required to change the email: the account is taken over through its email (password resets go there).' })
  currentPassword?: string | null;
}

@InputType('CreateStaffUserInput')
export class CreateStaffUserInput {
  @Field({ description: 'The invitation to set a password goes here.' }) email: string;
  @Field(() => String, { nullable: true, description: 'Required where the city signs in by username.' }) username?: string | null;
  @Field() name: string;
  @Field(() => StaffRoleEnum) role: 'SUPPORT' | 'ADMIN';
}

@InputType('LinkServiceAccountInput', { description: 'Proof that you hold the account: its number and the one field tenant.accountLinking.proof names.' })
export class LinkServiceAccountInput {
  @Field({ description: 'As printed on the bill.' }) accountNumber: string;
  @Field(() => String, { nullable: true, description: 'For LAST_PAYMENT_AMOUNT: dollars, e.g. "84.20"; "0.00" if never paid.' }) lastPaymentAmount?: string | null;
  @Field(() => String, { nullable: true, description: 'For LATEST_BILL_AMOUNT: the total of your latest bill, in dollars, e.g. "88.05".' }) latestBillAmount?: string | null;
  @Field(() => String, { nullable: true, description: 'For SERVICE_HOUSE_NUMBER: the house number of the service address, e.g. "12700".' }) serviceHouseNumber?: string | null;
}

@InputType('CloseMyAccountInput')
export class CloseMyAccountInput {
  @Field({ description: 'The resident’s password, typed again: a session alone cannot close the account.' }) currentPassword: string;
}

@InputType('CloseResidentAccountInput')
export class CloseResidentAccountInput {
  @Field(() => UUIDScalar, { description: 'The resident (a User with the CUSTOMER role, found with `residents`).' }) userId: string;
  @Field({ description: 'Why, as the resident asked (e.g. "Called 3/10: moving out of the city"); kept in the audit log. At most 500 characters, no card number.' })
  reason: string;
}
