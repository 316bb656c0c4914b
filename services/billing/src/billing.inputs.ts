import { PayableKindEnum, UUIDScalar } from '@platform/api';
import type { PayableKind } from '@platform/core';
import { Field, InputType } from 'type-graphql';
import { AdjustmentKindEnum } from './billing.types';

@InputType('LookupAccountInput')
export class LookupAccountInput {
  @Field({ description: 'As printed on the bill; spaces and dashes do not matter.' }) accountNumber: string;
  @Field(() => String, { nullable: true, description: 'Where the city asks for it (tenant.paymentRules.verificationMode), e.g. "84.20"; "0.00" if never paid.' })
  lastPaymentAmount: string | null;
}

@InputType('LookupPayableInput')
export class LookupPayableInput {
  @Field(() => PayableKindEnum, { defaultValue: 'CITATION' }) kind: PayableKind;
  @Field({ description: "The city's number for it, as printed (citation number, bill number)." }) referenceNumber: string;
}

@InputType('OpenServiceAccountInput')
export class OpenServiceAccountInput {
  @Field() accountNumber: string;
  @Field() customerName: string;
  @Field() addressLine1: string;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; defaults to today in the city.' }) openedOn: string | null;
}

@InputType('BillInput', { description: 'One bill, as a CSV row of importBillsCsv has it. Dates YYYY-MM-DD; amounts exact decimals ("45.10").' })
export class BillInput {
  @Field({ description: "The city's bill (or citation) number; importing the same bill again is harmless." }) billNumber: string;
  @Field() accountNumber: string;
  @Field(() => String, { nullable: true, description: 'UTILITY_BILL (default), CITATION or OTHER, as the city takes them.' }) kind: string | null;
  @Field() issueDate: string;
  @Field() dueDate: string;
  @Field(() => String, { nullable: true }) periodStart: string | null;
  @Field(() => String, { nullable: true }) periodEnd: string | null;
  @Field(() => String, { nullable: true }) water: string | null;
  @Field(() => String, { nullable: true }) sewer: string | null;
  @Field(() => String, { nullable: true }) trash: string | null;
  @Field(() => String, { nullable: true }) fees: string | null;
  @Field(() => String, { nullable: true }) other: string | null;
  @Field(() => String, { nullable: true }) description: string | null;
}

@InputType('ImportBillsInput')
export class ImportBillsInput {
  @Field(() => [BillInput]) bills: BillInput[];
}

@InputType('ImportBillsCsvInput')
export class ImportBillsCsvInput {
  @Field({
    description:
      'CSV text with a header row: bill_number, account_number, issue_date, due_date (required); kind, period_start, period_end, water, sewer, trash, fees, other, description.',
  })
  csv: string;
}

@InputType('AccountAdjustmentInput')
export class AccountAdjustmentInput {
  @Field(() => UUIDScalar) serviceAccountId: string;
  @Field(() => AdjustmentKindEnum) kind: 'FEE' | 'ADJUSTMENT';
  @Field({ description: 'Signed decimal: positive charges the account, negative credits it.' }) amount: string;
  @Field({ description: 'Why; shown in the ledger.' }) memo: string;
  @Field({ description: 'Unique per intended adjustment; a retry with the same key returns the first result.' }) idempotencyKey: string;
}
