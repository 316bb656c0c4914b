import { UserErrorCode, type UserError } from '@platform/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation refused its input: one vocabulary across the API.' });

/** The GraphQL shape of a UserError: one type in every mutation payload. */
@ObjectType('UserError', { description: 'A problem with the input that the person sending it can fix.' })
export class UserErrorType {
  @Field(() => [String], { description: 'Path into the mutation\'s arguments to the field at fault, e.g. ["input", "allocations", "0", "amount"]; empty when no single field is.' })
  field: string[];

  @Field(() => UserErrorCode)
  code: UserErrorCode;

  @Field({ description: "A message for the person, in the request's language." })
  message: string;
}

/** A refusal's userErrors as the payload's (whose lists GraphQL types as mutable). */
export const toUserErrorTypes = (errors: readonly UserError[]): UserErrorType[] => errors.map((e) => ({ field: [...e.field], code: e.code, message: e.message }));
