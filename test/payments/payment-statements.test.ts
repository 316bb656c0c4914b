import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { countStatements } from '../gateway/statement-counter';
import { cardToken, newKey, processorCharges } from './payments-api';

/*
 * What one guest payment costs the database, counted at the driver: every
 * query the gateway's pool sends (BEGIN and COMMIT included) while the
 * mutation runs, each one round trip; a whole transaction sent as one
 * pipeline (tenantRoundTrip) is one query. The money path's guarantees need
 * two transactions (the PENDING payment committed before the processor is
 * called, the outcome after it); everything else is reads.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

/** What a payment form needs back: the bench asks the same. */
const PAY = 'mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { id status } receiptToken userErrors { code } } }';
type Paid = { makePayment: { payment: { id: string; status: string } | null; receiptToken: string | null; userErrors: unknown[] } };
const pay = async (input: Record<string, unknown>) => (await platform.client.asTenant('norwalk').data<Paid>(PAY, { input })).makePayment;

/** A statement that inserts or updates a payment (the money path's own SQL writes it inside a CTE). */
const paymentWrite = /(INSERT INTO "?payments"? ?\(|UPDATE "?payments"? SET)/;

/** A whole tenant transaction in one round trip (tenantRoundTrip): its tenant setting, then its statements. */
const roundTrip = /^SELECT set_config\('app\.tenant_id', \$1, true\)/;

/** The transactions (statement lists) that write the payments table, in order. */
function transactionsTouchingPayments(statements: readonly string[]): string[][] {
  const transactions: string[][] = [];
  let current: string[] | null = null;
  for (const statement of statements) {
    if (roundTrip.test(statement) && paymentWrite.test(statement)) transactions.push([statement]);
    // A transaction opens with its first statement in the same round trip.
    else if (statement.startsWith('START TRANSACTION')) current = [statement];
    else if (statement === 'COMMIT' && current) {
      if (current.some((s) => paymentWrite.test(s))) transactions.push(current);
      current = null;
    } else current?.push(statement);
  }
  return transactions;
}

const transactionsIn = (statements: readonly string[]) => statements.filter((s) => /^(START TRANSACTION|BEGIN)/i.test(s) || roundTrip.test(s)).length;

describe('a guest card payment', () => {
  it('costs at most 13 round trips (plus at most two shared wake-ups) in 6 transactions, two of them its own writes around the processor call, and charges once', async () => {
    const token = await cardToken(platform);
    // A first payment warms the caches (the tenant, its settings) as a busy gateway has them.
    await pay({ idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await cardToken(platform), payerEmail: 'warm@example.com' });
    const chargesBefore = (await processorCharges(platform)).length;
    const counted = await countStatements(platform.db).during(() =>
      pay({ idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }], token, payerEmail: 'count@example.com' }),
    );
    const { result } = counted;
    const statements = counted.statements.map((statement) => statement.replace(/\s+/g, ' ').trim());
    expect(result.payment?.status).toBe('CAPTURED');
    expect(result.userErrors).toEqual([]);
    expect((await processorCharges(platform)).length).toBe(chargesBefore + 1);
    // Main before issue 17 sent 38 statements in 5 transactions for the same mutation (a key look-up of its own, the city's cursor row twice);
    // the first lean path 28 (plus the announcements) in 4. Now each transaction opens with its tenant setting in one round
    // trip, ahead of its first statement where that is a prepared one (the rate limit's count, the account look-up, the
    // outcome's lock); the PENDING payment with its line, first transition and event is one statement, sent with its tenant setting
    // as one round trip that commits it; the outcome's lock reads the lines too, and its move, transition and event are
    // one statement. The outcome's billing side locks the accounts and reads their status in one statement, so a payment to
    // an account that awaits no restoration reads nothing more (14 before). The rate limit's count, one statement, commits
    // alone in its round trip (13 before), and the pending amounts are inserted under the accounts' lock in the lock's round
    // trip (12 before). One read-only round trip, on the connections reads share, looks for another payment to the
    // account still in doubt (refuseWhileInDoubt): paying again while one is would charge twice (11 in 4 before). The
    // decline limits (card testing) take their place in the PENDING round trip, and give it back (or count the decline)
    // in one of their own after the outcome commits: inside the outcome's transaction their bucket would be locked
    // against the accounts in the opposite order to a payment being recorded (12 in 5 before). A guest's proof counts
    // under the look-up's found limits too: their counts share the rate limit's round trip (reserveAttempts sends all
    // of a reservation's counts in one), and the payment gives their places back in the decline limits' last one.
    // Subscribers and delivery workers are woken after commit by one statement per process that carries every
    // notification asked for meanwhile (notifyAfterCommit): under load many payments share it; alone, a payment's two
    // event-writing commits (the second also queues the receipt) send at most two.
    const announcements = statements.filter((s) => s.includes('pg_notify('));
    const own = statements.filter((s) => !announcements.includes(s));
    expect(announcements.length).toBeLessThanOrEqual(2);
    expect(transactionsIn(own)).toBeLessThanOrEqual(6);
    expect(own.length).toBeLessThanOrEqual(13);
    // The payment's own writes: PENDING committed in one transaction before the processor call, the outcome in one after it.
    const paymentTransactions = transactionsTouchingPayments(statements);
    expect(
      paymentTransactions.map((t) =>
        t
          .find((s) => paymentWrite.test(s))
          ?.match(paymentWrite)?.[1]
          ?.replace(/"/g, '')
          .slice(0, 14),
      ),
    ).toEqual(['INSERT INTO pa', 'UPDATE payment']);
  });
});
