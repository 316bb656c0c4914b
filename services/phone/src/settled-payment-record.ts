import type { TenantContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { textPaymentOutcome, type PaymentEntity } from '@platform/payments';
import { goesOnTheCall } from './caller-payment-outcome';
import { textableCaller } from './caller-texts';

/** What recording a call's payment needs, in a webhook or in a job: the city, its database and the clock. */
export type CallRecordScope = Pick<TenantContext, 'db' | 'tenant' | 'clock'>;

/**
 * A payment of the call whose outcome no webhook told the caller: it
 * settled after the webhook stopped waiting, or after the call ended. On a
 * call that is over, one whose money is in, or being confirmed, is linked
 * and makes the call PAID (one the caller heard was being confirmed is
 * linked already); the caller is texted the outcome, declines too, once
 * (textPaymentOutcome sends one per payment), unless their number refuses the
 * city's texts (textableCaller). A call still on the line is
 * left to its next webhook, or to its end (a hang-up, or its state expiring:
 * tellPaymentOfEndedCall).
 */
export async function recordSettledPayment(ctx: CallRecordScope, callSid: string, payment: PaymentEntity, from: string | null): Promise<void> {
  const now = ctx.clock.now();
  const callIsOver = await withTenant(ctx, async (manager) => {
    if (!goesOnTheCall(payment.status)) {
      const [call] = await manager.query<{ over: boolean }[]>('SELECT state IS NULL AS over FROM phone_calls WHERE call_sid = $1', [callSid]);
      return call?.over === true;
    }
    await manager.query(
      `UPDATE phone_calls SET payment_id = $2, paid_cents = $3, outcome = 'PAID', ended_at_step = NULL, updated_at = $4
       WHERE call_sid = $1 AND state IS NULL AND payment_id IS NULL`,
      [callSid, payment.id, payment.totalCents.toString(), now],
    );
    // Linked now, or already when the caller was told it was being confirmed: either way its outcome is theirs to hear.
    const [call] = await manager.query<{ over: boolean }[]>('SELECT state IS NULL AS over FROM phone_calls WHERE call_sid = $1 AND payment_id = $2', [callSid, payment.id]);
    return call?.over === true;
  });
  if (!callIsOver) return;
  const textTo = await textableCaller(ctx, from);
  if (textTo) await textPaymentOutcome(ctx, payment.id, textTo);
}
