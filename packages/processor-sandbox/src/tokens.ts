import { randomId } from './ids';
import { bankVerification, instrumentJson } from './instrument';
import { invalid, notFound, ok, type Parsed, type Reply } from './reply';
import { isJsonObject } from './request-fields';
import type { SandboxState, TokenRecord } from './sandbox-state';
import { parseTokenRequest } from './token-request';

/** POST /v1/tokens: the hosted form's call, from a browser, with no key. Answers only what the page may show. */
export function createToken(state: SandboxState, body: unknown): Reply {
  const now = state.clock.now();
  const parsed = parseTokenRequest(body, now, state.fingerprintSalt);
  if ('reply' in parsed) return parsed.reply;
  const token: TokenRecord = { id: randomId('tok'), instrument: parsed.value, createdAt: now, used: false };
  state.tokens.set(token.id, token);
  const { kind, brand, last4, expMonth, expYear } = instrumentJson(token.instrument);
  return ok({ token: token.id, kind, brand, last4, expMonth, expYear }, 201);
}

/** GET /v1/tokens/:token, with the secret key: everything the platform may store about it. */
export function getToken(state: SandboxState, tokenId: string): Reply {
  const token = state.tokens.get(tokenId);
  if (!token) return notFound('token_not_found', 'No such token.');
  return ok({ token: token.id, ...instrumentJson(token.instrument), used: token.used, createdAt: token.createdAt.toISOString() });
}

/** POST /v1/bank-accounts/verify: asks the sandbox bank about the account behind a bank token, without spending it. */
export function verifyBankAccount(state: SandboxState, body: unknown): Reply {
  const token = findToken(state, isJsonObject(body) ? body.token : undefined, 'token');
  if ('reply' in token) return token.reply;
  const { instrument } = token.value;
  if (instrument.kind !== 'BANK_ACCOUNT') return invalid('not_a_bank_account', 'This token is for a card, not a bank account.', 'token');
  return ok(bankVerification(instrument, state.closedBankAccounts));
}

/** A token named in a request body that has not been spent yet. */
export function findUnusedToken(state: SandboxState, tokenId: unknown, field: string): Parsed<TokenRecord> {
  const token = findToken(state, tokenId, field);
  if ('reply' in token) return token;
  if (token.value.used) return { reply: invalid('token_already_used', 'This token was already used; tokenize the card or account again.', field) };
  return token;
}

function findToken(state: SandboxState, tokenId: unknown, field: string): Parsed<TokenRecord> {
  const token = typeof tokenId === 'string' ? state.tokens.get(tokenId) : undefined;
  return token ? { value: token } : { reply: invalid('token_not_found', 'No such token.', field) };
}
