/**
 * The change a clerk counts back from cash handed over for a payment, in cents; null when the cash does not cover the
 * payment. The payment is what the clerk says is paid, never the bill handed over: the difference goes back to the
 * resident, not onto their account.
 */
export function changeDue(paidCents: bigint, receivedCents: bigint): bigint | null {
  return receivedCents >= paidCents ? receivedCents - paidCents : null;
}
