import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CallState } from './call-state';

/*
 * A call's webhooks are bound to the call and to the step they answer, whatever the provider's signature covers.
 * Twilio and SignalWire sign the URL posted to; Telnyx signs only the body and a timestamp, so a request captured on
 * its way could be posted again, within the timestamp's tolerance, to another `?seq=` of the call: the keys pressed at
 * one question would answer the question the call is at now (a "1" at the language menu confirming a payment).
 *
 * So each answer's action URLs carry a fresh random nonce, kept in the call's state: a webhook moves the call only when
 * it brings the nonce of the answer the call is at. A request captured carries the nonce of the step it answered,
 * spent once the call moved on; posted to another seq, or with no nonce, it moves nothing. A webhook of an earlier step
 * (the provider retrying, or that replay at its own step) hears the call's last answer and changes nothing, as before.
 *
 * Not bound: the body to the URL. Telnyx's webhooks of one call carry nothing but the keys that tells them apart (a
 * caller pressing 1 at two menus sends one body twice), so what moved the call cannot be told from a replay by its body
 * alone; the nonce, which only our answers give out, is what a replay lacks.
 */

/** The query parameter of a call's action URLs carrying the nonce. */
export const NONCE_PARAM = 'nonce';

/** A new nonce for the action URLs of one answer: 128 random bits. */
export function newActionNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether a webhook bringing `nonce` (its URL's, null for none) may move a call at `state`: the nonce of its latest answer. */
export function boundToStep(state: CallState, nonce: string | null): boolean {
  // A call begun before its answers carried a nonce: its URLs carry none (and it ends within the hour).
  if (state.actionNonce === undefined) return true;
  if (nonce === null) return false;
  const expected = Buffer.from(state.actionNonce, 'utf8');
  const brought = Buffer.from(nonce, 'utf8');
  return expected.length === brought.length && timingSafeEqual(expected, brought);
}
