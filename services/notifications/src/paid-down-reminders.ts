import { accountsPaidDownSince, type BillingScope } from '@platform/billing';
import { localDateOf } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { announcedCharge } from './charge-announcements.service';
import type { NotificationTemplate } from './notification.entity';

/*
 * An autopay reminder binds the month's deduction to the amount due it
 * announced, less what the account was paid down by since it went out (a
 * bill cancelled by a staff credit, or paid by the resident another way):
 * once that is paid down whole, the run takes nothing that month. Billing
 * records the credit or the payment in its own transaction, which may call
 * neither autopay nor this service, so a reminder held up in the outbox
 * meanwhile (the relay down) would announce a charge that will not be made,
 * for a bill the resident no longer owes. Autopay keeps with the reminder
 * what it binds (`amountDueCents`, from `amountDueSince`), and billing's
 * paidDownSince, which this service may read, is what the run takes off it:
 * so the reminder is read against it right before it is sent (delivery
 * withdraws it) or sent again (resendNotification refuses it). One paid down
 * in part still goes: a charge is made, and its receipt says how much. So
 * does one from its deduction day on: the deduction itself pays it down, and
 * a reminder held up until then goes late, as before, beside its receipt. A
 * reminder queued before it kept what it binds is sent as it was.
 */

/** What a paid-down check reads of an outbox message. */
export interface ReminderMessage {
  readonly template: NotificationTemplate;
  readonly data: Readonly<Record<string, string>>;
  readonly accountNumber: string | null;
}

/** Whether what the reminder announced has been paid down whole since it went out, before its deduction day: the run will take nothing for it. */
export async function paidDownWhole(manager: EntityManager, scope: BillingScope, message: ReminderMessage): Promise<boolean> {
  const [whole] = await paidDownWholeAmong(manager, scope, [message]);
  return whole === true;
}

/** paidDownWhole for each of these messages, in their order, with one billing read for them all (none when none binds a deduction). */
export async function paidDownWholeAmong(manager: EntityManager, scope: BillingScope, messages: readonly ReminderMessage[]): Promise<boolean[]> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const bounds = messages.map((message) => {
    const bound = boundOf(message);
    const charge = announcedCharge(message);
    // From its deduction day on, the deduction itself pays it down: not read.
    return bound !== null && !(charge?.on && charge.on <= today) ? bound : null;
  });
  const read = bounds.filter((bound) => bound !== null);
  if (read.length === 0) return messages.map(() => false);
  const paidDown = await accountsPaidDownSince(manager, scope, read);
  let next = 0;
  return bounds.map((bound) => bound !== null && paidDown[next++]! >= bound.amountDueCents);
}

function boundOf(message: ReminderMessage): { accountNumber: string; amountDueCents: bigint; since: Date } | null {
  const { amountDueCents, amountDueSince } = message.data;
  if (message.template !== 'AUTOPAY_REMINDER' || message.accountNumber === null || amountDueCents === undefined || amountDueSince === undefined) return null;
  if (!/^\d+$/.test(amountDueCents) || Number.isNaN(Date.parse(amountDueSince))) return null;
  return { accountNumber: message.accountNumber, amountDueCents: BigInt(amountDueCents), since: new Date(amountDueSince) };
}
