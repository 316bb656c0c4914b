import { defineEventKind } from '@platform/events';
import { z } from 'zod';
import { APPROVAL_STATUSES } from './giving-back-approval.entity';

/**
 * A refund or void was sent for approval, approved or declined: "approval.awaiting", "approval.approved",
 * "approval.declined". Written with the change, in its transaction; read by the ADMIN's approvals feed. It carries what
 * the queue shows, so a replay needs no look-up per event. Amount in cents, as a string.
 */
export const GivingBackApprovalChanged = defineEventKind({
  typePrefix: 'approval.',
  typeOf: (payload) => `approval.${payload.status.toLowerCase()}`,
  payload: z.object({
    approvalId: z.uuid(),
    paymentId: z.uuid(),
    confirmationNumber: z.string(),
    kind: z.enum(['REFUND', 'VOID']),
    amountCents: z.string().regex(/^[0-9]+$/),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    status: z.enum(APPROVAL_STATUSES),
    decidedBy: z.string().nullable(),
  }),
});
