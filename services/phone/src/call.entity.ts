import type { Locale } from '@platform/core';
import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CallState, CallStep } from './call-state';

/**
 * How a call ended: a payment taken (PAID, even if the caller then hung up),
 * sent to customer service, ended after three failed account look-ups, ended
 * by the caller at a menu (ENDED), or hung up / timed out mid-way (ABANDONED,
 * with the step).
 */
export type CallOutcome = 'IN_PROGRESS' | 'PAID' | 'TRANSFERRED' | 'VERIFICATION_FAILED' | 'ENDED' | 'ABANDONED';

/**
 * One call to a city's pay-by-phone line, keyed by the provider's CallSid.
 * `state` is what the call has gathered so far; it is cleared when the call
 * ends or expires, so only the outcome stays. Any gateway instance can answer
 * any webhook of the call: everything is here.
 */
@Entity({ name: 'phone_calls' })
export class PhoneCallEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'call_sid', type: 'text' }) callSid: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** After this, the call's state is gone: a late webhook hears that the call timed out. */
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'text' }) locale: Locale;
  @Column({ type: 'text' }) step: CallStep;
  /** Increases with every webhook answered; each answer's action URLs carry it, so a replayed webhook is recognised. */
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'jsonb', nullable: true }) state: CallState | null;
  /** The TwiML of the latest answer: what a replayed webhook gets again. */
  @Column({ name: 'last_twiml', type: 'text' }) lastTwiml: string;
  @Column({ type: 'text' }) outcome: CallOutcome;
  /** ABANDONED and ENDED calls: the step the caller was at. */
  @Column({ name: 'ended_at_step', type: 'text', nullable: true }) endedAtStep: CallStep | null;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'paid_cents', ...bigintColumn, nullable: true }) paidCents: bigint | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  /** The caller was turned away because no card could be taken (the processor or its pay connector failing), however the call then ended. */
  @Column({ name: 'cards_unavailable', type: 'boolean', default: false }) cardsUnavailable: boolean;
}
