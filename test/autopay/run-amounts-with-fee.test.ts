import { addDays, localDateOf } from '@platform/core';
import { ownerUrl, withClient } from '@platform/db';
import { autopayPlatform } from './autopay-platform';
import type { QueryRunner } from 'typeorm';
import { OutcomeFee1763801203800 } from '../../services/autopay/src/migrations/1763801203800-outcome-fee';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CARDS, newCustomer, processorCharges, seedEnrolledAccounts, startAutopayCli } from './autopay-api';

/*
 * What a run says it took, in a city with a convenience fee ($2.50 at Norwalk here): two cards charged $43.21 and the
 * fee, $45.71 each, and a third declined for as much. The operator's `pnpm cli autopay:run` and staff's
 * `autopayRuns` keep `amountCharged` to what went toward the accounts, fees aside, as documented, and add
 * `totalCharged`, what the cards were charged ($91.42, the processor's own sum); each outcome gives its `fee` and
 * `total` beside `amount`. A declined card's total is what it was asked for, never counted as charged. Outcomes
 * written before outcomes kept their fee read it from their payments.
 *
 * The CLI runs on the system clock, so the platform's clock starts at the real time.
 */
const env = autopayPlatform(new Date().toISOString(), { demoDataAt: 'today', jobs: false });
const { clock } = env;
let runDate: string;
let charged: string[];
let declined: string[];

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' } } });
  // Last month's deduction day (Norwalk: the 15th) is in the past whatever today is.
  const thisMonth = localDateOf(clock.now(), 'America/Los_Angeles').slice(0, 7);
  runDate = `${addDays(`${thisMonth}-01`, -1).slice(0, 7)}-15`;
  const firstCycle = runDate.slice(0, 7);
  const payer = await newCustomer(env.platform, { email: 'landlord.fee@example.com', accounts: [] });
  const decliner = await newCustomer(env.platform, { email: 'declined.fee@example.com', accounts: [], card: CARDS.genericDecline });
  charged = await seedEnrolledAccounts(env.platform, 'norwalk', { count: 2, prefix: 'F', userId: payer.userId, savedMethodId: payer.cardId, firstCycle, amountCents: 4321n });
  declined = await seedEnrolledAccounts(env.platform, 'norwalk', { count: 1, prefix: 'G', userId: decliner.userId, savedMethodId: decliner.cardId, firstCycle, amountCents: 4321n });
}, 60_000);

interface Amount {
  readonly amount: string;
}
interface RunRead {
  readonly runDate: string;
  readonly summary: { charged: number; failed: number; amountCharged: Amount; totalCharged: Amount };
  readonly outcomes: { edges: { node: { serviceAccountId: string; kind: string; amount: Amount | null; fee: Amount | null; total: Amount | null } }[] };
}

async function runAsStaffRead(): Promise<RunRead> {
  const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const { autopayRuns } = await staff.data<{ autopayRuns: { edges: { node: RunRead }[] } }>(
    '{ autopayRuns(first: 1) { edges { node { runDate summary { charged failed amountCharged { amount } totalCharged { amount } } outcomes { edges { node { serviceAccountId kind amount { amount } fee { amount } total { amount } } } } } } } }',
  );
  return autopayRuns.edges[0]!.node;
}

/** Each attempt's outcome: charged or declined, its amount, fee and total. */
const attempts = (run: RunRead) =>
  run.outcomes.edges
    .map(({ node }) => node)
    .filter((outcome) => outcome.amount !== null)
    .map((outcome) => [
      declined.includes(outcome.serviceAccountId) ? 'declined' : charged.includes(outcome.serviceAccountId) ? 'charged' : '?',
      outcome.kind,
      outcome.amount?.amount,
      outcome.fee?.amount,
      outcome.total?.amount,
    ])
    .sort();

const EXPECTED_ATTEMPTS = [
  ['charged', 'CHARGED', '43.21', '2.50', '45.71'],
  ['charged', 'CHARGED', '43.21', '2.50', '45.71'],
  ['declined', 'FAILED', '43.21', '2.50', '45.71'],
];

it('the CLI and the API say what went toward the accounts and, beside it, what the cards were charged with the fee', async () => {
  const cli = await startAutopayCli(env.platform, runDate).exited;
  expect(cli.code).toBe(0);
  expect((await processorCharges(env.platform)).map((charge) => charge.amount)).toEqual(['4571', '4571']);
  expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, date: runDate, charged: 2, failed: 1, amountChargedCents: '8642', totalChargedCents: '9142' });

  const run = await runAsStaffRead();
  expect({ runDate: run.runDate, summary: run.summary, attempts: attempts(run) }).toEqual({
    runDate,
    summary: { charged: 2, failed: 1, amountCharged: { amount: '86.42' }, totalCharged: { amount: '91.42' } },
    attempts: EXPECTED_ATTEMPTS,
  });
}, 60_000);

/** Runs the migration's `up` or `down` connected as the tables' owner, as the migration runner does. */
const migrate = (direction: 'up' | 'down') =>
  withClient(ownerUrl(env.platform.settings), (owner) => new OutcomeFee1763801203800()[direction]({ query: (sql: string) => owner.query(sql) } as unknown as QueryRunner));

it('reads the fee of an outcome written before outcomes kept it from its payment', async () => {
  // The platform as it was before the column, and migrated again: the run's outcomes have no fee of their own.
  await migrate('down');
  await migrate('up');
  const kept = await tenantRows<{ fee_cents: string | null }>(env.platform, 'norwalk', 'SELECT fee_cents FROM autopay_outcomes WHERE amount_cents IS NOT NULL');
  expect(kept).toEqual([{ fee_cents: null }, { fee_cents: null }, { fee_cents: null }]);
  const run = await runAsStaffRead();
  expect({ summary: run.summary, attempts: attempts(run) }).toEqual({
    summary: { charged: 2, failed: 1, amountCharged: { amount: '86.42' }, totalCharged: { amount: '91.42' } },
    attempts: EXPECTED_ATTEMPTS,
  });
});
