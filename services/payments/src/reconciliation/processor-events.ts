import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Dispute, PaymentProcessor, ProcessorEvent } from '@platform/processor';
import { listTenants, toTenantRef, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { lockPayment } from '../payment/payment-transition.service';
import type { PaymentStatus } from '../payment/payment.state';
import { PaymentOperationEntity } from '../refunds-and-voids/payment-operation.entity';
import { OPEN, recordRefundsMadeAtProcessor } from '../refunds-and-voids/payment-operation.service';
import { finishDashboardVoid } from '../refunds-and-voids/payment-reversal.service';
import { FOLLOWED, recordEcheckReturn } from '../e-checks/echeck-settlement.job';
import { paymentIdOfChargeKey } from '../make-payment/charge-outcome.service';
import { recordDisputeClosed, recordDisputeOpened } from '../disputes/dispute.service';

/*
 * What the processor did that nobody here asked for (a refund or void in its own dashboard, a card holder's dispute), read from its event feed
 * every minute, on from where the last run stopped. The rule that matters: the cursor moves past an event only in the
 * transaction that records what it says, or sets it aside (processor_held_events), or once it is known to say nothing
 * to record, so a crash at any point neither loses an event nor records one twice. An event that cannot be recorded yet
 * (a refund or void of ours awaiting the processor's answer, or a failure to record it) is set aside with every later
 * event of its payment, so one stuck payment holds back only itself; each run tries those again first, in the order the
 * processor sent them. Recording is idempotent besides: an event's charge carries the processor's refunded total, and
 * only what that total counts beyond the refunds recorded here is recorded (as the posting job and staff's refunds do),
 * so staff's own refunds, told of by the feed too, add nothing.
 */

/** Events asked for at once; and how many pages one run reads at most (the rest waits for the next minute's). */
const PAGE_SIZE = 100;
const PAGES_PER_RUN = 10;

/** A card payment posted, or an e-check posted awaiting its bank: what the posting job would no longer ask after. */
const POSTED: readonly PaymentStatus[] = ['POSTED', 'PARTIALLY_REFUNDED'];
/** A void the posting or e-check settlement job would record, found sooner. */
const VOIDABLE: readonly PaymentStatus[] = ['CAPTURED', 'AUTHORIZED', 'POSTED'];

/** Reads the processor's events on from the stored cursor and records each; how many it read. */
export async function readProcessorEvents(db: DataSource, clock: Clock, processor: PaymentProcessor, log: Logger): Promise<number> {
  const reader = new FeedReader(db, clock, processor, log.child({ feed: processor.account }));
  return reader.run();
}

/** RECORDED: done with (or nothing to record); WAIT: not yet (set aside); STOP: neither recorded nor set aside. */
type Applied = 'RECORDED' | 'WAIT' | 'STOP';

/** What recording an event needs of it: all that is kept of one set aside. */
interface FeedEvent {
  readonly id: string;
  readonly type: ProcessorEvent['type'];
  /** When the processor did it. */
  readonly createdAt: Date;
  /** The processor's refunded total just after it, in cents. */
  readonly refundedCents: bigint;
  readonly voidedAt: Date | null;
  readonly chargeId: string;
  /** An e-check's return's bank code, for `charge.returned`. */
  readonly returnCode: string | null;
  /** The dispute as it stood just after, for `charge.dispute.*`. */
  readonly dispute: Dispute | null;
}

/**
 * Another run reading the feed at once (one outlasting its minute, or a second worker) got to an event first: thrown
 * from the transaction recording it, so this run's copy rolls back. Not a failure: that run carries on from there.
 */
class AnotherReaderFirst extends Error {}

class FeedReader {
  private cursor: string | null = null;
  private read = 0;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor,
    private readonly log: Logger,
  ) {}

  async run(): Promise<number> {
    try {
      return await this.readOn();
    } catch (error) {
      if (!(error instanceof AnotherReaderFirst)) throw error;
      this.log.info('another run is reading the processor event feed: this one stops and leaves it the rest');
      return this.read;
    }
  }

  private async readOn(): Promise<number> {
    this.cursor = await storedCursor(this.db, this.processor.account);
    await this.retryHeld();
    let restarted = false;
    for (let pages = 0; pages < PAGES_PER_RUN; pages++) {
      const page = await this.processor.listEvents(this.cursor, PAGE_SIZE);
      if (page.outcome === 'REJECTED' && this.cursor !== null && !restarted) {
        // A processor that forgot our place (the sandbox restarted, an account reset): read it all again, which records
        // nothing twice (above), rather than nothing ever again.
        this.log.warn({ cursor: this.cursor, code: page.code }, 'the processor does not know where the event feed was left: read again from its start');
        restarted = true;
        await this.advance(this.db.manager, null);
        pages--;
        continue;
      }
      if (page.outcome !== 'OK') {
        if (page.outcome !== 'UNKNOWN') this.log.error({ code: page.code }, 'the processor refused to list its events');
        return this.read;
      }
      const cities = await citiesOfPayments(this.db, page.value.events);
      for (const event of page.value.events) {
        const applied = await this.apply(event, cities.get(paymentIdOf(event) ?? ''));
        if (applied === 'STOP') return this.read;
        if (applied === 'RECORDED') this.read++;
      }
      if (!page.value.hasMore) break;
    }
    return this.read;
  }

  /** Records one event, or sets it aside, and moves the cursor past it in the same transaction; STOP leaves both. */
  private async apply(event: ProcessorEvent, tenant: Tenant | undefined): Promise<Applied> {
    const paymentId = paymentIdOf(event);
    if (!tenant || !paymentId) {
      await this.advance(this.db.manager, event.id);
      return 'RECORDED';
    }
    const scope: PaymentScope = { db: this.db, tenant: toTenantRef(tenant), clock: this.clock };
    const feedEvent = feedEventOf(event);
    try {
      return await withTenant(scope, async (manager) => {
        // Behind one of its payment's set aside: never recorded before it.
        const applied = (await hasHeld(manager, this.processor.account, paymentId)) ? 'WAIT' : await recordEvent(manager, scope, paymentId, feedEvent, this.log);
        if (applied === 'WAIT') await this.holdInTransaction(manager, scope, paymentId, feedEvent);
        await this.advance(manager, event.id);
        return applied;
      });
    } catch (error) {
      if (error instanceof AnotherReaderFirst) throw error;
      // Never skipped: an event not recorded is money the books do not show. Set aside, and tried again next run.
      this.log.error({ eventId: event.id, paymentId, err: error }, 'could not record a processor event: set aside for the next run');
      try {
        await withTenant(scope, async (manager) => {
          await this.holdInTransaction(manager, scope, paymentId, feedEvent);
          await this.advance(manager, event.id);
        });
        return 'WAIT';
      } catch (holdError) {
        if (holdError instanceof AnotherReaderFirst) throw holdError;
        this.log.error({ eventId: event.id, paymentId, err: holdError }, 'could not set a processor event aside: the feed waits on it');
        return 'STOP';
      }
    }
  }

  /** Sets an event aside; one set aside already (the feed read again from its start) stays as it was. */
  private async holdInTransaction(manager: EntityManager, scope: PaymentScope, paymentId: string, event: FeedEvent): Promise<void> {
    this.log.info({ eventId: event.id, paymentId }, 'a processor event cannot be recorded yet: set aside with its payment');
    await manager.query(
      `INSERT INTO processor_held_events (tenant_id, account, event_id, payment_id, type, created_at, refunded_cents, voided_at, charge_id, return_code, dispute, held_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
      [
        scope.tenant.id,
        this.processor.account,
        event.id,
        paymentId,
        event.type,
        event.createdAt,
        event.refundedCents.toString(),
        event.voidedAt,
        event.chargeId,
        event.returnCode,
        event.dispute ? JSON.stringify(heldDispute(event.dispute)) : null,
        this.clock.now(),
      ],
    );
  }

  /**
   * Tries again every city's events set aside, oldest first; a payment's first still not recordable holds back its
   * later ones. Each is recorded and released in one transaction; another reader having released it meanwhile rolls
   * back what this one recorded, and leaves the payment's later ones to that reader.
   */
  private async retryHeld(): Promise<void> {
    for (const tenant of await listTenants(this.db)) {
      const scope: PaymentScope = { db: this.db, tenant: toTenantRef(tenant), clock: this.clock };
      const held = await withTenant(scope, (manager) => heldEvents(manager, this.processor.account), { readOnly: true });
      const waiting = new Set<string>();
      for (const { paymentId, event } of held) {
        if (waiting.has(paymentId)) continue;
        try {
          const applied = await withTenant(scope, async (manager) => {
            const applied = await recordEvent(manager, scope, paymentId, event, this.log);
            if (applied === 'RECORDED') await release(manager, this.processor.account, event.id);
            return applied;
          });
          if (applied === 'RECORDED') this.read++;
          else waiting.add(paymentId);
        } catch (error) {
          if (!(error instanceof AnotherReaderFirst)) this.log.error({ eventId: event.id, paymentId, err: error }, 'could not record a processor event set aside: tried again next run');
          waiting.add(paymentId);
        }
      }
    }
  }

  /**
   * Moves the stored cursor from where this run read it to `to`, in `manager`'s transaction. Another reader having
   * moved it meanwhile (two runs at once) throws AnotherReaderFirst: this run's transaction rolls back, and it stops.
   */
  private async advance(manager: EntityManager, to: string | null): Promise<void> {
    const moved = await manager.query<unknown[]>(
      to === null
        ? 'WITH gone AS (DELETE FROM processor_event_cursors WHERE account = $1 AND last_event_id = $2 RETURNING account) SELECT account FROM gone'
        : `INSERT INTO processor_event_cursors AS c (account, last_event_id, updated_at)
           SELECT $1, $3, $4 WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM processor_event_cursors WHERE account = $1 AND last_event_id = $2)
           ON CONFLICT (account) DO UPDATE SET last_event_id = excluded.last_event_id, updated_at = excluded.updated_at WHERE c.last_event_id IS NOT DISTINCT FROM $2
           RETURNING account`,
      to === null ? [this.processor.account, this.cursor] : [this.processor.account, this.cursor, to, this.clock.now()],
    );
    if (moved.length !== 1) throw new AnotherReaderFirst('another reader moved the processor event cursor');
    this.cursor = to;
  }
}

/**
 * What one event says of its payment, recorded on the locked payment as the job that would have found it records it.
 * WAIT while a refund or void of ours is open on it: the processor's total may or may not count it yet.
 */
async function recordEvent(manager: EntityManager, scope: PaymentScope, paymentId: string, event: FeedEvent, log: Logger): Promise<'RECORDED' | 'WAIT'> {
  const payment = await lockPayment(manager, paymentId);
  if (!payment) return 'RECORDED';
  if (await manager.getRepository(PaymentOperationEntity).existsBy({ paymentId, status: In([...OPEN]) })) return 'WAIT';
  if (event.type === 'charge.refunded' && POSTED.includes(payment.status)) {
    // Not posted yet: the posting job asks after the charge as it posts it, and records this refund then.
    await recordRefundsMadeAtProcessor(manager, scope, payment, event.refundedCents, event.createdAt);
  } else if (event.type === 'charge.voided' && VOIDABLE.includes(payment.status)) {
    await finishDashboardVoid(manager, scope, payment, event.voidedAt ?? event.createdAt);
  } else if (event.type === 'charge.returned' && payment.methodKind === 'BANK_ACCOUNT' && FOLLOWED.includes(payment.status)) {
    // Found within the minute rather than at the settlement job's next look (hourly, or daily once settled), recorded as
    // it records one, on the same lock: whichever comes second finds it RETURNED, no longer followed, so one fee, one notice.
    await recordEcheckReturn(manager, scope, payment, { id: event.chargeId, returnCode: event.returnCode }, log);
  } else if (event.type === 'charge.dispute.opened' && event.dispute && payment.methodKind === 'CARD') {
    // WAIT for a charge not yet posted: recorded once the posting job has posted it.
    return recordDisputeOpened(manager, scope, payment, event.dispute, log);
  } else if (event.type === 'charge.dispute.closed' && event.dispute && payment.methodKind === 'CARD') {
    return recordDisputeClosed(manager, scope, payment, event.dispute, log);
  }
  return 'RECORDED';
}

function feedEventOf(event: ProcessorEvent): FeedEvent {
  const { refundedCents, voidedAt, id: chargeId, returnCode } = event.charge;
  return { id: event.id, type: event.type, createdAt: event.createdAt, refundedCents, voidedAt, chargeId, returnCode, dispute: event.dispute };
}

/** A dispute as a held event keeps it (jsonb): cents as strings, instants as ISO text. */
type HeldDispute = Omit<Dispute, 'amountCents' | 'feeCents' | 'respondBy' | 'createdAt' | 'closedAt'> & {
  readonly amountCents: string;
  readonly feeCents: string;
  readonly respondBy: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
};

const heldDispute = (dispute: Dispute): HeldDispute => ({
  ...dispute,
  amountCents: dispute.amountCents.toString(),
  feeCents: dispute.feeCents.toString(),
  respondBy: dispute.respondBy.toISOString(),
  createdAt: dispute.createdAt.toISOString(),
  closedAt: dispute.closedAt?.toISOString() ?? null,
});

const disputeOfHeld = (held: HeldDispute): Dispute => ({
  ...held,
  amountCents: BigInt(held.amountCents),
  feeCents: BigInt(held.feeCents),
  respondBy: new Date(held.respondBy),
  createdAt: new Date(held.createdAt),
  closedAt: held.closedAt === null ? null : new Date(held.closedAt),
});

async function hasHeld(manager: EntityManager, account: string, paymentId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>('SELECT 1 FROM processor_held_events WHERE account = $1 AND payment_id = $2 LIMIT 1', [account, paymentId]);
  return rows.length > 0;
}

type HeldRow = {
  paymentId: string;
  id: string;
  type: string;
  createdAt: Date;
  refundedCents: string;
  voidedAt: Date | null;
  chargeId: string;
  returnCode: string | null;
  dispute: HeldDispute | null;
};

/** A city's events set aside from `account`'s feed, in the order the processor sent them. */
async function heldEvents(manager: EntityManager, account: string): Promise<{ paymentId: string; event: FeedEvent }[]> {
  const rows = await manager.query<HeldRow[]>(
    `SELECT payment_id AS "paymentId", event_id AS id, type, created_at AS "createdAt", refunded_cents AS "refundedCents", voided_at AS "voidedAt",
       charge_id AS "chargeId", return_code AS "returnCode", dispute
     FROM processor_held_events WHERE account = $1 ORDER BY seq`,
    [account],
  );
  return rows.map(({ paymentId, refundedCents, dispute, ...event }) => ({
    paymentId,
    event: { ...event, refundedCents: BigInt(refundedCents), dispute: dispute ? disputeOfHeld(dispute) : null },
  }));
}

async function release(manager: EntityManager, account: string, eventId: string): Promise<void> {
  const gone = await manager.query<unknown[]>('WITH gone AS (DELETE FROM processor_held_events WHERE account = $1 AND event_id = $2 RETURNING 1) SELECT * FROM gone', [account, eventId]);
  if (gone.length !== 1) throw new AnotherReaderFirst('another reader recorded the processor event set aside');
}

/** The feed names a payment by the key its charge was made under. */
function paymentIdOf(event: ProcessorEvent): string | null {
  return paymentIdOfChargeKey(event.charge.idempotencyKey);
}

/** The city of each payment the events name, by asking each city which are its own (row-level security answers). */
async function citiesOfPayments(db: DataSource, events: readonly ProcessorEvent[]): Promise<Map<string, Tenant>> {
  const ids = [...new Set(events.map(paymentIdOf).filter((id): id is string => id !== null))];
  const cities = new Map<string, Tenant>();
  if (ids.length === 0) return cities;
  for (const tenant of await listTenants(db)) {
    const found = await withTenant({ db, tenant }, (manager) => manager.query<{ id: string }[]>('SELECT id FROM payments WHERE id = ANY($1::uuid[])', [ids]), { readOnly: true });
    for (const { id } of found) cities.set(id, tenant);
  }
  return cities;
}

async function storedCursor(db: DataSource, account: string): Promise<string | null> {
  const [row] = await db.query<{ lastEventId: string }[]>('SELECT last_event_id AS "lastEventId" FROM processor_event_cursors WHERE account = $1', [account]);
  return row?.lastEventId ?? null;
}
