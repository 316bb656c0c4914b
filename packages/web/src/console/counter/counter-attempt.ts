/**
 * One idempotency key per attempt at recording a payment: made on the first
 * press of Record, reused by every press (and retry) until the payment is
 * recorded or the form changes, so a double click records one payment.
 */
export class CounterAttempt {
  private key: string | null = null;

  /** The key of the attempt under way, made now if there is none. */
  keyForSubmit(): string {
    this.key ??= crypto.randomUUID();
    return this.key;
  }

  /** The form changed or the payment was recorded: the next press is a new attempt. */
  reset(): void {
    this.key = null;
  }
}
