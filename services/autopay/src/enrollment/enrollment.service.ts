import { type TenantContext } from '@platform/api';
import { findServiceAccounts, loadBalance } from '@platform/billing';
import { formatLocalDate, ok, parseMoney, refused, translate, userError, type IsoDate, type MessageKey, UserErrorCode, type UserError, type Result, cardValidOn } from '@platform/core';
import { linkedPairs, linkedServiceAccounts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { blockedBankAccountRefusal, convenienceFeeCents, holdSavedMethod, methodNotAccepted, savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import { tenantByIdLoader, type Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { NO_SCHEDULE, cycleOf, enrollmentTermsAt, nextDeduction, nextDeductionDate, settledBeforeItsDay, type DeductionSchedule, type EnrollmentTerms } from '../autopay-calendar';
import { remindedAmounts, remindedKey } from '../notices/promised-dates.queries';
import { amountDueForDeduction, feeForDeduction } from '../runs/autopay-decision';
import { deductionSchedules } from '../runs/deduction-schedule.queries';
import { withdrawCardExpiringNotice, withdrawEndedEnrollmentNotices, withdrawSuspensionNotices } from '../notices/withdrawn-notices.service';
import { AutopayEnrollmentEntity } from './autopay-enrollment.entity';
import { correctPendingReminder } from './reminder-correction.service';
import { autopayError, refusal, type AutopayErrorCode } from '../autopay.errors';

/** What a customer asks for: this account, paid from this saved method, up to this much (dollars, e.g. "150.00"; none for no limit). */
export interface AutopayRequest {
  readonly serviceAccountId: string;
  readonly paymentMethodId: string;
  readonly maxAmount?: string | null;
}

/** An enrolment as written, with what it means for this month. */
export interface EnrollmentChange {
  readonly enrollment: AutopayEnrollmentEntity;
  /** Whether autopay takes this month's deduction (see firstCycleFor; not one settled before the city moved its day later, see settledBeforeItsDay). */
  readonly currentCycleCovered: boolean;
  /** What the account owes now; when this month is not covered, the customer pays it once. */
  readonly amountDueCents: bigint;
  /** What the next deduction is decided on, as the run decides it: amountDueCents, but no more than its reminder announced less what was paid down since (amountDueForDeduction). */
  readonly deductionDueCents: bigint;
  /** The city's convenience fee on a payment of deductionDueCents, but no more than its reminder announced (feeForDeduction), which the deduction adds (and the maximum counts). */
  readonly feeCents: bigint;
  /** The most the city takes in one payment (the fee aside): a deduction of more is refused. */
  readonly paymentLimitCents: bigint;
  /** The next deduction: the first these terms make, or a retry already scheduled, when sooner. */
  readonly firstDeductionDate: IsoDate;
  /** What the account's deductions keep to: the dates its reminders named from this month on, the retries scheduled for it (which charge the method the enrolment has then), the cycles already deducted. */
  readonly schedule: DeductionSchedule;
}

/**
 * Enrols one of the customer's linked accounts, paid from one of their saved
 * methods of a kind the city takes online. Enrolling on or after this
 * month's deduction day does not cover this month: the answer says so, with
 * the amount due and the first deduction date, so the front end can offer a
 * one-time payment. Every problem comes back at once, and nothing is written.
 * The method is held until the enrolment commits (see holdChargedMethod).
 */
export async function enrollAutopay(ctx: TenantContext, request: AutopayRequest): Promise<Result<EnrollmentChange>> {
  const tenant = await tenantOf(ctx);
  const terms = enrollmentTermsAt(ctx.clock.now(), tenant.settings.timeZone, tenant.settings.autopayRules.deductionDay);
  const checked = await checkRequest(ctx, tenant, request, terms.firstDeductionDate);
  if (!checked.ok) return checked;
  const { maxAmountCents } = checked.value;
  const viewerId = viewerOf(ctx);
  return withTenant(ctx, async (manager) => {
    const held = await holdChargedMethod(manager, ctx, request.paymentMethodId);
    if (!held.ok) return held;
    // One enrolment per account: a new one, or one that was cancelled, is (re)written; an active one is left alone, unless
    // whoever made it no longer has the account linked (they moved out): then it is no one's, and this holder takes it over.
    const staleUserId = await unlinkedEnroller(manager, request.serviceAccountId, viewerId);
    const now = ctx.clock.now();
    const [row] = await manager.query<{ service_account_id: string }[]>(
      `INSERT INTO autopay_enrollments (tenant_id, service_account_id, user_id, saved_method_id, max_amount_cents, status, suspension_reason, first_cycle, enrolled_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'ENROLLED', NULL, $6, $7, $7)
       ON CONFLICT (tenant_id, service_account_id) DO UPDATE
         SET user_id = EXCLUDED.user_id, saved_method_id = EXCLUDED.saved_method_id, max_amount_cents = EXCLUDED.max_amount_cents, status = 'ENROLLED',
             suspension_reason = NULL, first_cycle = EXCLUDED.first_cycle, enrolled_at = EXCLUDED.enrolled_at, updated_at = EXCLUDED.updated_at
         WHERE autopay_enrollments.status = 'CANCELLED' OR autopay_enrollments.user_id = $8
       RETURNING service_account_id`,
      [ctx.tenant.id, request.serviceAccountId, viewerId, request.paymentMethodId, maxAmountCents?.toString() ?? null, terms.firstCycle, now, staleUserId],
    );
    const enrollment = await manager.getRepository(AutopayEnrollmentEntity).findOneByOrFail({ serviceAccountId: request.serviceAccountId });
    if (!row) return refusal(ctx.locale, ['input', 'serviceAccountId'], enrollment.userId === viewerId ? UserErrorCode.ALREADY_ENROLLED : UserErrorCode.ENROLLED_BY_SOMEONE_ELSE);
    // Taken over: what the one who moved out was to be told (their card, their deduction, their suspension) is not sent to them.
    if (staleUserId) await withdrawEndedEnrollmentNotices(manager, [await accountNumberOf(manager, request.serviceAccountId)]);
    return ok(await changeOf(manager, ctx, tenant, enrollment, terms));
  });
}

/**
 * Changes the method or maximum of the customer's own enrolment, checked as
 * for enrolling. A suspended enrolment starts again with it, under the
 * late-enrolment rule as of today, and its suspension notice no longer
 * holds (withdrawSuspensionNotices). A new method withdraws the warning, not
 * yet sent, that the previous card expires before the deduction; a new
 * method or maximum corrects the reminder not yet sent (correctPendingReminder).
 * A retry already scheduled charges the new method: when it comes before
 * the next cycle's deduction, it is the deduction the answer names and the
 * card must last until.
 */
export async function updateAutopay(ctx: TenantContext, request: AutopayRequest): Promise<Result<EnrollmentChange>> {
  const tenant = await tenantOf(ctx);
  const terms = enrollmentTermsAt(ctx.clock.now(), tenant.settings.timeZone, tenant.settings.autopayRules.deductionDay);
  const { current, schedule } = await withTenant(ctx, async (manager) => ({
    current: await manager.getRepository(AutopayEnrollmentEntity).findOneBy({ serviceAccountId: request.serviceAccountId }),
    schedule: await scheduleOf(manager, request.serviceAccountId, terms),
  }));
  // An active enrolment keeps its first cycle (an update never un-covers a month), and the dates its reminders named.
  const firstCycle = current?.status === 'ENROLLED' ? current.firstCycle : terms.firstCycle;
  const checked = await checkRequest(ctx, tenant, request, nextDeductionDate(terms.today, tenant.settings.autopayRules.deductionDay, firstCycle, schedule));
  if (!checked.ok) return checked;
  return withTenant(ctx, async (manager) => {
    // The method first, then the enrolment: the order every enrolment takes them in.
    const held = await holdChargedMethod(manager, ctx, request.paymentMethodId);
    if (!held.ok) return held;
    const owned = await lockOwnEnrollment(manager, ctx, request.serviceAccountId, ['input', 'serviceAccountId']);
    if (!owned.ok) return owned;
    const enrollment = owned.value;
    const { maxAmountCents } = checked.value;
    const methodChanged = enrollment.savedMethodId !== request.paymentMethodId;
    const chargeChanged = methodChanged || enrollment.maxAmountCents !== maxAmountCents;
    if (enrollment.status === 'SUSPENDED') Object.assign(enrollment, { status: 'ENROLLED', suspensionReason: null, firstCycle: terms.firstCycle });
    Object.assign(enrollment, { savedMethodId: request.paymentMethodId, maxAmountCents, updatedAt: ctx.clock.now() });
    await manager.getRepository(AutopayEnrollmentEntity).save(enrollment);
    const accountNumber = await accountNumberOf(manager, enrollment.serviceAccountId);
    // Enrolled now: a notice that its autopay is suspended no longer holds, whether this update resumed it or an earlier one.
    await withdrawSuspensionNotices(manager, [accountNumber]);
    if (chargeChanged) {
      if (methodChanged) await withdrawCardExpiringNotice(manager, accountNumber);
      const paymentLimitCents = BigInt(tenant.settings.paymentRules.maxPaymentCents);
      await correctPendingReminder(manager, ctx, { accountNumber, userId: enrollment.userId, method: held.value, maxAmountCents, paymentLimitCents, today: terms.today, promised: schedule.promised });
    }
    return ok(await changeOf(manager, ctx, tenant, enrollment, terms));
  });
}

/**
 * Ends the customer's own enrolment; a retry already scheduled is not made,
 * and a reminder, card warning or suspension notice still waiting to go out
 * is not sent. One who is neither its enroller nor a holder of the account
 * is refused ACCOUNT_NOT_LINKED, learning nothing of its autopay
 * (lockOwnEnrollment).
 */
export async function cancelAutopay(ctx: TenantContext, serviceAccountId: string): Promise<Result<AutopayEnrollmentEntity>> {
  return withTenant(ctx, async (manager) => {
    const owned = await lockOwnEnrollment(manager, ctx, serviceAccountId, ['serviceAccountId']);
    if (!owned.ok) return owned;
    const enrollment = owned.value;
    Object.assign(enrollment, { status: 'CANCELLED', suspensionReason: null, updatedAt: ctx.clock.now() });
    await manager.getRepository(AutopayEnrollmentEntity).save(enrollment);
    await withdrawEndedEnrollmentNotices(manager, [await accountNumberOf(manager, serviceAccountId)]);
    return ok(enrollment);
  });
}

/** The number an account's notices name. An enrolment's account exists (a foreign key), so its absence is a bug. */
async function accountNumberOf(manager: EntityManager, serviceAccountId: string): Promise<string> {
  const [account] = await findServiceAccounts(manager, [serviceAccountId]);
  if (!account) throw new Error(`service account ${serviceAccountId} of an enrolment not found`);
  return account.accountNumber;
}

/**
 * The saved method an enrolment will charge, held (FOR SHARE) until the
 * caller's transaction ends, and checked again under the hold: a removal
 * of it in another request (which takes the row FOR UPDATE, then asks
 * whether autopay charges it) either waits for the enrolment to commit and
 * is refused, or commits first and the enrolment is refused. Checked
 * outside the transaction alone, both could commit: autopay charging a
 * method no longer in the wallet, suspended only on the deduction day.
 */
async function holdChargedMethod(manager: EntityManager, ctx: TenantContext, methodId: string): Promise<Result<SavedMethodSummary>> {
  const method = await holdSavedMethod(manager, methodId);
  if (!method || method.removed || method.userId !== viewerOf(ctx)) return refusal(ctx.locale, ['input', 'paymentMethodId'], UserErrorCode.METHOD_NOT_FOUND);
  return ok(method);
}

/** Who made the account's active enrolment, when it is someone other than `viewerId` who has unlinked the account since; else null. Locks the enrolment. */
async function unlinkedEnroller(manager: EntityManager, serviceAccountId: string, viewerId: string): Promise<string | null> {
  const current = await manager.getRepository(AutopayEnrollmentEntity).findOne({ where: { serviceAccountId }, lock: { mode: 'pessimistic_write' } });
  if (!current || current.status === 'CANCELLED' || current.userId === viewerId) return null;
  const isLinked = await linkedPairs(manager, [{ userId: current.userId, serviceAccountId }]);
  return isLinked(current.userId, serviceAccountId) ? null : current.userId;
}

/**
 * The viewer's active (enrolled or suspended) enrolment of the account, locked for a change in the caller's
 * transaction: theirs even after they unlinked the account (one who moved out may still cancel it). Whether the
 * account has autopay, and whose, is for its holders only: anyone else (any registered resident can learn an
 * account's id from lookupAccount) is told ACCOUNT_NOT_LINKED whatever its autopay, as enrolling tells them.
 */
async function lockOwnEnrollment(manager: EntityManager, ctx: TenantContext, serviceAccountId: string, field: string[]): Promise<Result<AutopayEnrollmentEntity>> {
  const viewerId = viewerOf(ctx);
  const enrollment = await manager.getRepository(AutopayEnrollmentEntity).findOne({ where: { serviceAccountId }, lock: { mode: 'pessimistic_write' } });
  const active = enrollment !== null && enrollment.status !== 'CANCELLED';
  if (active && enrollment.userId === viewerId) return ok(enrollment);
  const isLinked = await linkedPairs(manager, [{ userId: viewerId, serviceAccountId }]);
  if (!isLinked(viewerId, serviceAccountId)) return refusal(ctx.locale, field, UserErrorCode.ACCOUNT_NOT_LINKED);
  return refusal(ctx.locale, field, active ? UserErrorCode.ENROLLED_BY_SOMEONE_ELSE : UserErrorCode.NOT_ENROLLED);
}

/**
 * The enrolment as written, with what it means for the month's deduction: read in the transaction that wrote it, so
 * a reminder's amount binds it as it binds the run (remindedAmounts: the change itself has released a reminder that
 * said the month will not be paid), and what it says is what the run will charge.
 */
async function changeOf(manager: EntityManager, ctx: TenantContext, tenant: Tenant, enrollment: AutopayEnrollmentEntity, terms: EnrollmentTerms): Promise<EnrollmentChange> {
  const balance = await loadBalance(manager, ctx, enrollment.serviceAccountId);
  const schedule = await scheduleOf(manager, enrollment.serviceAccountId, terms);
  const deductionDay = tenant.settings.autopayRules.deductionDay;
  const next = nextDeduction(terms.today, deductionDay, enrollment.firstCycle, schedule);
  const reminded = (await remindedAmounts(manager, ctx, [{ serviceAccountId: enrollment.serviceAccountId, cycle: next.cycle }])).get(remindedKey(enrollment.serviceAccountId, next.cycle));
  const deductionDueCents = amountDueForDeduction(balance.amountDueNowCents, reminded);
  return {
    enrollment,
    currentCycleCovered: enrollment.firstCycle <= cycleOf(terms.today) && !settledBeforeItsDay(terms.today, deductionDay, schedule),
    amountDueCents: balance.amountDueNowCents,
    deductionDueCents,
    feeCents: feeForDeduction(convenienceFeeCents(tenant.settings.paymentRules.convenienceFee, deductionDueCents), reminded),
    paymentLimitCents: BigInt(tenant.settings.paymentRules.maxPaymentCents),
    firstDeductionDate: next.date,
    schedule,
  };
}

/** What an account's next deductions keep to, from this month on. */
async function scheduleOf(manager: EntityManager, serviceAccountId: string, terms: EnrollmentTerms): Promise<DeductionSchedule> {
  return (await deductionSchedules(manager, [serviceAccountId], cycleOf(terms.today))).get(serviceAccountId) ?? NO_SCHEDULE;
}

/** The checks enrolling and updating share: the viewer's own linked account and saved method, a kind the city takes online, a card that lasts until the next deduction, a maximum of zero or more. */
async function checkRequest(ctx: TenantContext, tenant: Tenant, request: AutopayRequest, nextDeductionOn: IsoDate): Promise<Result<{ maxAmountCents: bigint | null }>> {
  const errors: UserError[] = [];
  const fail = (field: string, code: AutopayErrorCode, key?: MessageKey, params: Record<string, string> = {}) => errors.push(autopayError(ctx.locale, ['input', field], code, key, params));
  const viewerId = viewerOf(ctx);

  const maxText = request.maxAmount?.trim() ?? '';
  const max = maxText === '' ? null : parseMoney(maxText);
  if (max && !max.ok) fail('maxAmount', UserErrorCode.INVALID_AMOUNT);

  const account = (await linkedServiceAccounts(ctx, viewerId)).find((a) => a.id === request.serviceAccountId);
  if (!account) fail('serviceAccountId', UserErrorCode.ACCOUNT_NOT_LINKED);
  else if (account.status === 'CLOSED') fail('serviceAccountId', UserErrorCode.ACCOUNT_CLOSED);

  const method = (await withTenant(ctx, (manager) => savedMethodsById(manager, [request.paymentMethodId]))).get(request.paymentMethodId);
  const allowed = tenant.settings.autopayRules.methodsAllowedOnline;
  // A card of a brand the city no longer takes (or a bank account where it stopped taking e-checks), saved before: the
  // run would refuse it on the deduction day, after the reminder had promised the charge.
  const notTaken = method ? methodNotAccepted(tenant.settings.paymentRules, method) : null;
  if (!method || method.removed || method.userId !== viewerId) fail('paymentMethodId', UserErrorCode.METHOD_NOT_FOUND);
  else if (!allowed.includes(method.kind)) {
    const kindName = (kind: string) => translate(ctx.locale, kind === 'CARD' ? 'autopay.methodKind.card' : 'autopay.methodKind.bankAccount');
    if (allowed.length === 0) fail('paymentMethodId', UserErrorCode.METHOD_NOT_ALLOWED_ONLINE, 'autopay.noMethodsOnline');
    else fail('paymentMethodId', UserErrorCode.METHOD_NOT_ALLOWED_ONLINE, 'autopay.methodNotAllowedOnline', { method: kindName(method.kind), allowed: allowed.map(kindName).join(' / ') });
  } else if (notTaken) {
    errors.push(userError(ctx.locale, ['input', 'paymentMethodId'], notTaken.code, notTaken.key, notTaken.params));
  } else if (method.blocked) {
    // Its bank returned a debit, or says it no longer exists: every charge on it would be refused, after the reminder had promised it.
    errors.push(blockedBankAccountRefusal(ctx.locale, ['input', 'paymentMethodId'], { reason: method.blockedReason }));
  } else if (method.expMonth !== null && method.expYear !== null && !cardValidOn(method.expMonth, method.expYear, nextDeductionOn)) {
    fail('paymentMethodId', UserErrorCode.METHOD_EXPIRES_TOO_SOON, 'autopay.methodExpires', { date: formatLocalDate(nextDeductionOn, ctx.locale) });
  }
  if (errors.length > 0) return refused(...errors);
  return ok({ maxAmountCents: max?.ok ? max.value.cents : null });
}

async function tenantOf(ctx: TenantContext): Promise<Tenant> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return tenant;
}

function viewerOf(ctx: TenantContext): string {
  if (!ctx.viewer) throw new Error('autopay enrolment needs a signed-in customer');
  return ctx.viewer.userId;
}
