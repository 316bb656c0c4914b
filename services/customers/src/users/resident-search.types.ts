import { PageInfoType } from '@platform/api';
import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../customer.types';

@ObjectType('UserEdge')
export class UserEdgeType {
  @Field(() => UserType) node: UserType;
  @Field() cursor: string;
}

@ObjectType('UserConnection')
export class UserConnectionType {
  @Field(() => [UserEdgeType]) edges: UserEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}
