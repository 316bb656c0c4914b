import type { PreparedStatement } from '@platform/db';
import { EVENT_CURSOR } from '@platform/events';
import { PaymentLineEntity } from './payment-line.entity';
import { PaymentEntity } from './payment.entity';
import { reasonText } from './transition-reason';

/*
 * The money path's own statements, hand-written and prepared by name (see
 * runPrepared): every payment sends them, so each connection plans them once
 * and the gateway builds no query for them. Columns are aliased to the
 * entities' property names; bigints and dates come as text, as the entities'
 * transformers would have read them.
 */

const PAYMENT_COLUMNS = `tenant_id AS "tenantId", id, confirmation_number AS "confirmationNumber", idempotency_key AS "idempotencyKey",
  request_hash AS "requestHash", payer_user_id AS "payerUserId", payer_email AS "payerEmail", notice_user_id AS "noticeUserId", payer_phone AS "payerPhone", payer_locale AS "payerLocale",
  method_kind AS "methodKind", method_brand AS "methodBrand", method_last4 AS "methodLast4", check_number AS "checkNumber",
  received_by AS "receivedBy", cash_received_cents::text AS "cashReceivedCents", method_fingerprint AS "methodFingerprint", saved_method_id AS "savedMethodId",
  amount_cents::text AS "amountCents", fee_cents::text AS "feeCents", total_cents::text AS "totalCents", refunded_cents::text AS "refundedCents",
  status, channel, decline_code AS "declineCode", processor_charge_id AS "processorChargeId", return_code AS "returnCode",
  expected_posting_date::text AS "expectedPostingDate", made_at AS "madeAt", posted_at AS "postedAt", settled_at AS "settledAt", updated_at AS "updatedAt"`;

type Cents = 'amountCents' | 'feeCents' | 'totalCents' | 'refundedCents';

/** A payments row as PAYMENT_COLUMNS reads it: cents still decimal strings. */
export type PaymentRow = Omit<PaymentEntity, Cents | 'cashReceivedCents'> & Record<Cents, string> & { readonly cashReceivedCents: string | null };

export function paymentFromRow(row: PaymentRow): PaymentEntity {
  return Object.assign(new PaymentEntity(), row, {
    amountCents: BigInt(row.amountCents),
    feeCents: BigInt(row.feeCents),
    totalCents: BigInt(row.totalCents),
    refundedCents: BigInt(row.refundedCents),
    cashReceivedCents: row.cashReceivedCents === null ? null : BigInt(row.cashReceivedCents),
  });
}

/** A payment_lines row as LINES_OF_PAYMENT reads it. */
export type PaymentLineRow = Omit<PaymentLineEntity, 'amountCents' | 'refundedCents'> & { readonly amountCents: string; readonly refundedCents: string };

export function paymentLineFromRow(row: PaymentLineRow): PaymentLineEntity {
  return Object.assign(new PaymentLineEntity(), row, { amountCents: BigInt(row.amountCents), refundedCents: BigInt(row.refundedCents) });
}

/** $1 payment id. Locks the row until commit: every state change of a payment goes through it. */
export const LOCK_PAYMENT: PreparedStatement = {
  name: 'payments.lock',
  text: `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1 FOR UPDATE`,
};

/** $1 payment id. LOCK_PAYMENT, and the payment's lines in line order as JSON ("lines": PaymentLineRow[]), for recording an outcome in one round trip. */
export const LOCK_PAYMENT_WITH_LINES: PreparedStatement = {
  name: 'payments.lock-with-lines',
  text: `SELECT ${PAYMENT_COLUMNS},
                (SELECT json_agg(json_build_object('tenantId', l.tenant_id, 'paymentId', l.payment_id, 'lineNo', l.line_no, 'serviceAccountId', l.service_account_id,
                                                   'payableId', l.payable_id, 'amountCents', l.amount_cents::text, 'refundedCents', l.refunded_cents::text) ORDER BY l.line_no)
                   FROM payment_lines l WHERE l.payment_id = payments.id) AS lines
           FROM payments WHERE id = $1 FOR UPDATE OF payments`,
};

/** $1 payment id. */
export const LINES_OF_PAYMENT: PreparedStatement = {
  name: 'payments.lines',
  text: `SELECT tenant_id AS "tenantId", payment_id AS "paymentId", line_no AS "lineNo", service_account_id AS "serviceAccountId",
                payable_id AS "payableId", amount_cents::text AS "amountCents", refunded_cents::text AS "refundedCents"
           FROM payment_lines WHERE payment_id = $1 ORDER BY line_no`,
};

/**
 * A new PENDING payment, its lines, its first transition and its event
 * (inlineEvent), in one round trip. $1-$29 the payment's columns as listed
 * but the last (payer_phone, given later on the phone line, starts null), $37
 * notice_user_id; $30-$32 the lines' accounts, payables (null for
 * none) and cents, in line order; $33 the transition's id, $34 its actor;
 * $35 the event's type, $36 its payload, $38 cash_received_cents. The lines, the transition and the
 * event read the payment's key from the insert, and foreign keys are checked
 * at the end of the statement, when the payment row is there.
 */
export const INSERT_PENDING_PAYMENT: PreparedStatement = {
  name: 'payments.insert-pending',
  text: `WITH payment AS (
           INSERT INTO payments (tenant_id, id, confirmation_number, idempotency_key, request_hash, payer_user_id, payer_email, payer_locale,
                                 method_kind, method_brand, method_last4, check_number, received_by, method_fingerprint, saved_method_id,
                                 amount_cents, fee_cents, total_cents, refunded_cents, status, channel, decline_code, processor_charge_id, return_code,
                                 expected_posting_date, made_at, posted_at, settled_at, updated_at, notice_user_id, cash_received_cents)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $37, $38)
           RETURNING tenant_id, id, status, made_at
         ), lines AS (
           INSERT INTO payment_lines (tenant_id, payment_id, line_no, service_account_id, payable_id, amount_cents)
           SELECT p.tenant_id, p.id, l.n, l.account, l.payable, l.cents
             FROM payment p, unnest($30::uuid[], $31::uuid[], $32::bigint[]) WITH ORDINALITY AS l (account, payable, cents, n)
         ), event AS (
           INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
           SELECT tenant_id, ${EVENT_CURSOR}, $35, id, $36::jsonb, made_at FROM payment
         )
         INSERT INTO payment_transitions (tenant_id, id, payment_id, from_status, to_status, actor, reason, processor_ref, occurred_at)
         SELECT tenant_id, $33, id, NULL, status, $34, '${reasonText({ kind: 'PAYMENT_MADE' })}', NULL, made_at FROM payment`,
};

/**
 * A locked payment's move, its transition record and its event
 * (inlineEvent), in one round trip.
 * $1 tenant, $2 payment id, $3 the new status, $4 now, $5-$10 the facts that
 * change with a status (charge id, decline code, return code, posted at,
 * settled at, refunded cents: the locked row's values where unchanged),
 * $11 the transition's id, $12 the status moved from, $13 actor, $14 reason,
 * $15 processor reference, $16 the event's type, $17 its payload, $18 when
 * the move happened (now, or earlier: a void the processor made before we
 * learned of it).
 */
export const MOVE_PAYMENT: PreparedStatement = {
  name: 'payments.move',
  text: `WITH moved AS (
           UPDATE payments SET status = $3, updated_at = $4, processor_charge_id = $5, decline_code = $6, return_code = $7,
                               posted_at = $8, settled_at = $9, refunded_cents = $10
            WHERE id = $2
           RETURNING id
         ), event AS (
           INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
           SELECT $1, ${EVENT_CURSOR}, $16, id, $17::jsonb, $4 FROM moved
         )
         INSERT INTO payment_transitions (tenant_id, id, payment_id, from_status, to_status, actor, reason, processor_ref, occurred_at)
         SELECT $1, $11, id, $12, $3, $13, $14, $15, $18 FROM moved`,
};

/**
 * The accounts among $1 that another payment (not under key $2) pays whose
 * outcome is in doubt: UNKNOWN (the processor did not answer in time), or
 * PENDING since before $3 (its request died before recording an answer).
 * A PENDING payment younger than that is still in flight: its payer has not
 * been told anything yet.
 */
export const ACCOUNTS_WITH_OTHER_PAYMENTS_IN_DOUBT: PreparedStatement = {
  name: 'payments.accounts-with-other-payments-in-doubt',
  text: `SELECT DISTINCT l.service_account_id FROM payment_lines l JOIN payments p ON p.tenant_id = l.tenant_id AND p.id = l.payment_id
          WHERE l.service_account_id = ANY($1::uuid[]) AND p.idempotency_key <> $2
            AND (p.status = 'UNKNOWN' OR (p.status = 'PENDING' AND p.made_at < $3))`,
};
