import { Field, ObjectType } from 'type-graphql';

/** Relay-style page information for cursor connections. */
@ObjectType('PageInfo')
export class PageInfoType {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' }) endCursor: string | null;
}
