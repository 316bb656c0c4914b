import { formatMoney, money } from '@platform/core';
import { Field, InputType } from 'type-graphql';
import { MAX_BILL_CENTS } from './bill-rows';

const DRY_RUN = 'Check every row and count what would be imported, but write nothing: the same answer an import would give now, with dryRun true.';

@InputType('BillInput', {
  description: `One bill, as a CSV row of importBillsCsv has it. Dates YYYY-MM-DD; amounts exact decimals ("45.10"), at most ${formatMoney(money(MAX_BILL_CENTS), 'en')} each and in total (what one adjustment can correct).`,
})
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
  @Field(() => Boolean, { defaultValue: false, description: DRY_RUN }) dryRun: boolean;
}

@InputType('ImportBillsCsvInput')
export class ImportBillsCsvInput {
  @Field({
    description:
      'CSV text with a header row: bill_number, account_number, issue_date, due_date (required); kind, period_start, period_end, water, sewer, trash, fees, other, description. Blank lines and rows of empty cells are skipped; a column with no name is ignored while its cells are empty.',
  })
  csv: string;
  @Field(() => Boolean, { defaultValue: false, description: DRY_RUN }) dryRun: boolean;
}
