import { PageInfoType, UserErrorType } from '@platform/api';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { AccountStatusEnum } from '../billing.enums';
import type { AccountStatus } from '../account-status/account-status.state';

@ObjectType('ServiceAddress')
export class ServiceAddressType {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
}

@ObjectType('ServiceAccount', { description: 'An account the city bills, as its billing system numbers it.' })
export class ServiceAccountType {
  @Field(() => ID) id: string;
  @Field() accountNumber: string;
  @Field() customerName: string;
  @Field(() => ServiceAddressType) serviceAddress: ServiceAddressType;
  @Field(() => AccountStatusEnum) status: AccountStatus;
  @Field(() => LocalDateResolver) openedOn: string;
  @Field(() => LocalDateResolver, { nullable: true }) closedOn: string | null;
}

@ObjectType('ServiceAccountEdge')
export class ServiceAccountEdgeType {
  @Field(() => ServiceAccountType) node: ServiceAccountType;
  @Field() cursor: string;
}

@ObjectType('ServiceAccountConnection')
export class ServiceAccountConnectionType {
  @Field(() => [ServiceAccountEdgeType]) edges: ServiceAccountEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('ServiceAccountPayload')
export class ServiceAccountPayloadType {
  @Field(() => ServiceAccountType, { nullable: true }) serviceAccount: ServiceAccountType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
