import { Field, InterfaceType } from 'type-graphql';

/**
 * Something a person can fix, in a mutation payload. Each service returns its
 * own implementation with a typed `code` enum (e.g. `TenantUserError`).
 */
@InterfaceType('UserError', { description: 'A problem with the input that the person sending it can fix.' })
export abstract class UserErrorInterface {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "timeZone"]; empty when no single field is.' })
  field: string[];

  @Field({ description: "A message for the person, in the request's language." })
  message: string;
}
