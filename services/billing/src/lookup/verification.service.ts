import { type TenantContext } from '@platform/api';
import type { Reservation } from '@platform/auth';
import { containsCardNumber, ok, refused, userError, UserErrorCode, type FieldPath, type Result } from '@platform/core';
import { runPrepared, withTenant, type PreparedStatement } from '@platform/db';
import { tenantByIdLoader } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { ACCOUNT_NUMBER_MAX_LENGTH, referenceKey } from '../accounts/account-number';
import { ServiceAccountEntity } from '../accounts/service-account.entity';
import { lastPaymentProof, latestBillTotals } from '../ledger/ledger.queries';
import { FAILURE_MESSAGE, houseNumberOf, parseFactor, secondFactorFor, type AccountProof, type FactorValue, type ProofPurpose, type SecondFactor } from './account-proof';
import { limitedLookup } from './lookup-limits';

const ACTION: Record<ProofPurpose, string> = { LOOKUP: 'lookupAccount', PAYMENT: 'makePayment', LINK: 'linkServiceAccount' };

/**
 * Whether the caller has proved they hold an account, the city's way for
 * `purpose` (see ProofPurpose): the number alone, or with a second factor.
 * An unknown number and a wrong factor fail alike, so a guess learns nothing
 * about which part was wrong; failures and successes are rate-limited,
 * counted before the check (lookup-limits.ts). Used by the guest look-up
 * and linking; a payment proves its accounts with verifyServiceAccountToPay.
 *
 * Refusals point into the proof's place in the mutation's arguments, `at`
 * (the input object holding accountNumber and the factor): a missing or
 * unreadable field at that field; a failed proof at `at` as a whole when the
 * city asks for a second factor (deliberately: naming the part that was
 * wrong would tell a guesser which part was right), or at its accountNumber
 * when the number is all there is.
 */
export async function verifyServiceAccount(ctx: TenantContext, proof: AccountProof, purpose: Exclude<ProofPurpose, 'PAYMENT'>, at: FieldPath = ['input']): Promise<Result<ServiceAccountEntity>> {
  const proved = await proveServiceAccount(ctx, proof, purpose, at);
  return proved.ok ? ok(proved.value.account) : proved;
}

/** An account proved to be paid, with the places its proof holds under the look-up's found limits. */
export interface AccountToPay {
  readonly account: ServiceAccountEntity;
  /**
   * The payment gives them back once it is made, so paying is never limited by paying; a proof that pays nothing keeps
   * them, as its refusals show what a look-up shows.
   */
  readonly foundPlaces: Reservation;
}

/** verifyServiceAccount for a payment's allocation: the refusals are the same, and a success holds its found places until the payment gives them back. */
export function verifyServiceAccountToPay(ctx: TenantContext, proof: AccountProof, at: FieldPath): Promise<Result<AccountToPay>> {
  return proveServiceAccount(ctx, proof, 'PAYMENT', at);
}

async function proveServiceAccount(ctx: TenantContext, proof: AccountProof, purpose: ProofPurpose, at: FieldPath): Promise<Result<AccountToPay>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const factor = secondFactorFor(tenant.settings, purpose);
  const given = parseFactor(factor, proof);
  // A missing or unreadable field is a form error, not a failed proof: it is not counted.
  const formErrors = [
    ...(proof.accountNumber.trim() === '' ? [userError(ctx.locale, [...at, 'accountNumber'], UserErrorCode.REQUIRED, 'error.required')] : []),
    ...(given.ok
      ? []
      : given.problem === 'REQUIRED'
        ? [userError(ctx.locale, [...at, given.field], UserErrorCode.REQUIRED, 'error.required')]
        : [userError(ctx.locale, [...at, given.field], UserErrorCode.INVALID_AMOUNT, 'billing.invalidAmount')]),
  ];
  if (formErrors.length > 0 || !given.ok) return refused(...formErrors);

  // A card number typed for the account number must never be a rate-limit subject: its bucket key is an unsalted
  // SHA-256, from which a card's few unknown digits are found in moments. It fails as an unknown number does, counted
  // under the address only; so does a number longer than any account's, which is not scanned for one (couldBeAccountKey).
  const typedKey = accountKeyOf(proof.accountNumber);
  const key = !couldBeAccountKey(typedKey) || (await isCardNotAccountNumber(ctx, proof.accountNumber)) ? null : typedKey;
  const found = await limitedLookup(
    ctx,
    {
      action: ACTION[purpose],
      factorOf: factor === 'NONE' ? null : key,
      failureKind: purpose === 'LINK' ? 'ACCOUNT_LINK_FAILED' : 'LOOKUP_FAILED',
      underCityCeiling: purpose !== 'PAYMENT',
    },
    async (manager) => {
      if (key === null) return null;
      const [row] = await runPrepared<ServiceAccountEntity>(manager, ACCOUNT_BY_KEY, [key]);
      const account = row ? Object.assign(new ServiceAccountEntity(), row) : null;
      return account && (await factorMatches(manager, account, factor, given.value)) && provable(account, purpose) ? account : null;
    },
  );
  if (found) return ok({ account: found.value, foundPlaces: found.foundPlaces });
  return refused(userError(ctx.locale, factor === 'NONE' ? [...at, 'accountNumber'] : at, UserErrorCode.VERIFICATION_FAILED, FAILURE_MESSAGE[factor]));
}

/** The key an account number typed is looked up by: separators and case aside. */
function accountKeyOf(typed: string): string {
  return referenceKey(typed) ?? typed.trim().toUpperCase();
}

/**
 * Whether a key is short enough to be an account's (ACCOUNT_NUMBER_MAX_LENGTH, as numbers are opened). What is longer
 * is nobody's, and is never scanned for a card number: the scan reads every digit group, and a few megabytes of
 * "1 1 1 ..." held the gateway's one thread for seconds, on every guest look-up, before its limits counted it. A key
 * holds every digit typed, so a key this short bounds the scan of what was typed.
 */
function couldBeAccountKey(key: string): boolean {
  return key.length <= ACCOUNT_NUMBER_MAX_LENGTH;
}

/**
 * Whether what was typed for an account number is a card number rather than
 * an account's: a card number as typed, or once its separators are gone as a
 * look-up drops them, and no account of the city's has that number. A city
 * may write account numbers with dots or slashes ("2026.0417.38009", which
 * openServiceAccount takes): about one in ten of those passes Luhn once
 * keyed as bare digits, and it is the city's account, looked up as any other.
 */
export async function isCardNotAccountNumber(ctx: TenantContext, typed: string): Promise<boolean> {
  const key = accountKeyOf(typed);
  if (!containsCardNumber(typed) && !containsCardNumber(key)) return false;
  const [row] = await withTenant(ctx, (manager) => runPrepared<ServiceAccountEntity>(manager, ACCOUNT_BY_KEY, [key]));
  return row === undefined;
}

/**
 * $1 account key. Every guest payment and look-up starts with it: prepared by
 * name, and it opens its transaction in the same round trip (runPrepared).
 * Columns aliased to ServiceAccountEntity's properties, dates as text as the
 * entity reads them.
 */
const ACCOUNT_BY_KEY: PreparedStatement = {
  name: 'billing.account-by-key',
  text: `SELECT tenant_id AS "tenantId", id, account_number AS "accountNumber", account_key AS "accountKey", customer_name AS "customerName",
                address_line1 AS "addressLine1", address_line2 AS "addressLine2", city, region, postal_code AS "postalCode", status,
                opened_on::text AS "openedOn", closed_on::text AS "closedOn", created_at AS "createdAt"
           FROM service_accounts WHERE account_key = $1 LIMIT 1`,
};

/**
 * Whether an account whose number and factor match may be proved for this
 * purpose. A closed account is never proved for a link: once its holder has
 * moved out, whoever knows its second factor (the house number, the amount
 * of the final bill in that mailbox) is likelier the next occupant than her,
 * and a link would show them her name, payments and history. It fails as a
 * wrong factor does, counted alike, so a guess learns nothing of its status.
 * Links made while it was open stay (the former holder keeps her history and
 * pays the final bill); anyone may still look it up and pay it as a guest.
 */
function provable(account: ServiceAccountEntity, purpose: ProofPurpose): boolean {
  return purpose !== 'LINK' || account.status !== 'CLOSED';
}

/** Whether the second factor given matches the account's own; an account with nothing to compare (no bill yet) never matches. */
async function factorMatches(manager: EntityManager, account: ServiceAccountEntity, factor: SecondFactor, given: FactorValue): Promise<boolean> {
  switch (factor) {
    case 'NONE':
      return true;
    case 'LAST_PAYMENT_AMOUNT': {
      // Norman's rule: "0.00" proves an account with no payment that counts (lastPaymentProof).
      const proof = await lastPaymentProof(manager, account.id);
      return given.kind === 'CENTS' && given.cents === (proof.kind === 'PAID' ? proof.cents : 0n);
    }
    case 'LATEST_BILL_AMOUNT':
      return given.kind === 'CENTS' && (await latestBillTotals(manager, account.id)).includes(given.cents);
    case 'SERVICE_HOUSE_NUMBER':
      return given.kind === 'TEXT' && given.text === houseNumberOf(account.addressLine1);
  }
}
