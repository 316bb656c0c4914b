import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { CARDS, REFUND, VOID, bankToken, cardToken, newKey, pay } from './payments-api';

// A Norwalk clerk working in Spanish reads why each step of a payment happened. The history stores its reasons in
// English (`reason`, read on its own in the database); `reasonLabel` says the platform's own reasons in the request's
// language, and what staff typed as they typed it.
// 10:00 in Norwalk on Monday 2026-11-23.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let spanish: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  spanish = (await signInStaff(platform, 'norwalk', 'SUPPORT')).withHeaders({ 'accept-language': 'es' });
});
afterAll(() => platform.close());

const HISTORY = `query History($id: UUID!) { payment(id: $id) {
  history { toStatus reason reasonLabel }
  operations { reason history { toStatus reasonLabel } }
} }`;
type Step = { toStatus: string; reason: string; reasonLabel: string };
type History = { history: Step[]; operations: { reason: string; history: Omit<Step, 'reason'>[] }[] };

const guestPays = async (amount: string, token: string) =>
  (await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount }], token, payerEmail: 'ops@example.com' })).payment!;
const historyOf = async (id: string) => (await spanish.data<{ payment: History }>(HISTORY, { id })).payment;
const steps = (history: readonly Step[]) => history.map((step) => [step.toStatus, step.reason, step.reasonLabel]);
/** The posting job on Wednesday, when Monday's payments are due. */
async function postDuePayments(): Promise<void> {
  clock.set(new Date('2026-11-25T18:00:00Z'));
  try {
    await platform.runJob('payments.post');
  } finally {
    clock.set(NOW);
  }
}

describe("a payment's status history, read in Spanish", () => {
  it('says why a card payment was made, charged and posted in Spanish, and keeps the English it stores', async () => {
    const payment = await guestPays('12.00', await cardToken(platform));
    await postDuePayments();
    expect(steps((await historyOf(payment.id)).history)).toEqual([
      ['PENDING', 'payment made', 'Pago realizado'],
      ['CAPTURED', 'card charged', 'Tarjeta cobrada'],
      ['POSTED', 'posting day', 'Llegó su día de aplicación'],
    ]);
  });

  it('says an e-check is waiting for its bank, and why a card was declined', async () => {
    const echeck = await guestPays('8.00', await bankToken(platform));
    const declined = await guestPays('9.00', await cardToken(platform, CARDS.insufficientFunds));
    expect({ echeck: (await historyOf(echeck.id)).history.at(-1)!.reasonLabel, declined: (await historyOf(declined.id)).history.at(-1) }).toEqual({
      echeck: 'Cheque electrónico aceptado, a la espera de que el banco lo liquide',
      declined: { toStatus: 'DECLINED', reason: 'declined INSUFFICIENT_FUNDS: The card has insufficient funds.', reasonLabel: 'Rechazado: fondos insuficientes' },
    });
  });

  it("shows a refund's reason as staff typed it, and the processor's part in Spanish", async () => {
    const payment = await guestPays('15.00', await cardToken(platform));
    await postDuePayments();
    const { refundPayment } = await spanish.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
      input: { paymentId: payment.id, amount: '5.00', reason: 'Charged twice for the same bill', idempotencyKey: newKey('refund') },
    });
    expect(refundPayment.userErrors).toEqual([]);

    const after = await historyOf(payment.id);
    expect(steps(after.history).at(-1)).toEqual(['PARTIALLY_REFUNDED', 'Charged twice for the same bill', 'Charged twice for the same bill']);
    expect(after.operations).toEqual([
      {
        reason: 'Charged twice for the same bill',
        history: [
          { toStatus: 'PENDING', reasonLabel: 'Charged twice for the same bill' },
          { toStatus: 'SUCCEEDED', reasonLabel: 'Reembolsado por el procesador' },
        ],
      },
    ]);
  });
});

describe('a void refused, read in Spanish', () => {
  it('says why a payment refunded in full can be neither voided nor refunded, instead of sending the clerk to refund it', async () => {
    const payment = await guestPays('7.00', await cardToken(platform));
    const { refundPayment } = await spanish.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
      input: { paymentId: payment.id, amount: '7.00', reason: 'Paid twice', idempotencyKey: newKey('refund') },
    });
    expect(refundPayment.userErrors).toEqual([]);
    const { voidPayment } = await spanish.data<{ voidPayment: { userErrors: { code: string; message: string }[] } }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice' } });
    expect(voidPayment.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_VOIDABLE', 'No se puede anular ni reembolsar un pago en estado «Reembolsado».']]);
  });
});
