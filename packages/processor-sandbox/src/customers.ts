import { randomId } from './ids';
import { declineOf, instrumentJson } from './instrument';
import { declined, invalid, notFound, ok, type Parsed, type Reply } from './reply';
import { isJsonObject, parseText } from './request-fields';
import type { MethodRecord, ProfileRecord, SandboxState } from './sandbox-state';
import { findUnusedToken } from './tokens';

/*
 * Customer profiles hold saved methods (Authorize.net's customer payment
 * profiles): a token saved once becomes a method that can be charged again
 * and again, e.g. by autopay.
 */

const REFERENCE_MAX = 200;

/** POST /v1/customers { reference }: `reference` is the caller's own name for the customer. */
export function createProfile(state: SandboxState, body: unknown): Reply {
  const reference = parseText(isJsonObject(body) ? body.reference : undefined, 'reference', REFERENCE_MAX);
  if ('reply' in reference) return reference.reply;
  const profile: ProfileRecord = { id: randomId('cus'), reference: reference.value, createdAt: state.clock.now(), methods: new Map() };
  state.profiles.set(profile.id, profile);
  return ok({ id: profile.id, reference: profile.reference, createdAt: profile.createdAt.toISOString() }, 201);
}

/**
 * POST /v1/customers/:id/methods { token }: spends the token. A bank account
 * is checked with the sandbox bank first and refused (402 INVALID_ACCOUNT) if
 * it would not take debits. Cards are saved as they are, decline test numbers
 * included, so their declines show when the saved card is charged.
 */
export function saveMethod(state: SandboxState, profileId: string, body: unknown): Reply {
  const profile = state.profiles.get(profileId);
  if (!profile) return notFound('customer_not_found', 'No such customer.');
  const token = findUnusedToken(state, isJsonObject(body) ? body.token : undefined, 'token');
  if ('reply' in token) return token.reply;
  const { instrument } = token.value;
  const now = state.clock.now();
  const decline = instrument.kind === 'BANK_ACCOUNT' ? declineOf(instrument, now, state.closedBankAccounts) : null;
  if (decline) return declined(instrument.kind, decline);
  token.value.used = true;
  const method: MethodRecord = { id: randomId('pm'), profileId, instrument, createdAt: now, deleted: false };
  profile.methods.set(method.id, method);
  return ok(methodJson(method), 201);
}

/** DELETE /v1/customers/:id/methods/:methodId: deleting twice succeeds twice, so a retry after a lost answer is safe. */
export function deleteMethod(state: SandboxState, profileId: string, methodId: string): Reply {
  const profile = state.profiles.get(profileId);
  if (!profile) return notFound('customer_not_found', 'No such customer.');
  const method = profile.methods.get(methodId);
  if (!method) return notFound('method_not_found', 'No such payment method for this customer.');
  method.deleted = true;
  return ok({ id: method.id, deleted: true });
}

/** The saved method a charge's `{ profileId, methodId }` source names, if it can still be charged. */
export function findChargeableMethod(state: SandboxState, profileId: unknown, methodId: unknown): Parsed<MethodRecord> {
  const profile = typeof profileId === 'string' ? state.profiles.get(profileId) : undefined;
  if (!profile) return { reply: invalid('customer_not_found', 'No such customer.', 'source.profileId') };
  const method = typeof methodId === 'string' ? profile.methods.get(methodId) : undefined;
  if (!method || method.deleted) return { reply: invalid('method_not_found', 'No such payment method for this customer.', 'source.methodId') };
  return { value: method };
}

function methodJson(method: MethodRecord) {
  return { id: method.id, profileId: method.profileId, ...instrumentJson(method.instrument), createdAt: method.createdAt.toISOString() };
}
