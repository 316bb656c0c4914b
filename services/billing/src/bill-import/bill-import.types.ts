import { UserErrorType } from '@platform/api';
import { UserErrorCode } from '@platform/core';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('ImportRowError', { description: 'A problem with one row of a bill import.' })
export class ImportRowErrorType {
  @Field(() => Int, { description: 'CSV line (1 is the header), or position in the list (from 1).' }) line: number;
  @Field(() => String, { nullable: true, description: 'The column or input field at fault.' }) field: string | null;
  @Field(() => UserErrorCode) code: UserErrorCode;
  @Field() message: string;
}

@ObjectType('ImportBillsPayload', { description: 'All or nothing: with any rowErrors, nothing was imported.' })
export class ImportBillsPayloadType {
  @Field(() => Boolean, { description: 'True when the request was a dry run: nothing was written.' }) dryRun: boolean;
  @Field(() => Int) received: number;
  @Field(() => Int, { description: 'Bills added; in a dry run, bills an import would add now.' }) imported: number;
  @Field(() => Int, { description: 'Rows whose bill was imported before with the same content.' }) alreadyImported: number;
  @Field(() => [ImportRowErrorType], { description: 'The first 1,000 problems, by line.' }) rowErrors: ImportRowErrorType[];
  @Field(() => Int) rowErrorCount: number;
  @Field(() => [UserErrorType], { description: 'Problems with the request as a whole (e.g. unreadable CSV, too many rows).' }) userErrors: UserErrorType[];
}
