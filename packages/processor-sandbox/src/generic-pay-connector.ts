import { createCharge } from './charges';
import { requestFingerprint, runIdempotently } from './idempotency';
import { invalid, type ErrorBody, type Reply } from './reply';
import { isJsonObject, type JsonObject } from './request-fields';
import type { SandboxState } from './sandbox-state';
import { createToken } from './tokens';

/*
 * POST /v1/generic-pay-connector: the sandbox as the payment processor behind
 * Twilio's Generic Pay Connector (the `<Pay>` verb; Telnyx and SignalWire
 * speak the same shape). The telephony provider collects the caller's digits
 * and posts them here with HTTP Basic credentials; the answer carries a
 * token or a charge id, never the number.
 *
 * Request (JSON): `method` ("tokenize" or "charge"), `transaction_id` (the
 * provider's id of the attempt, the same on its retries), `cardnumber`,
 * `expiry_month`, `expiry_year`, `cvv`, `postal_code` for cards;
 * `bankaccountnumber`, `routingnumber` for ACH; `amount` (decimal dollars)
 * and `currency_code` for charges; `description`; `parameters` (the
 * `<Parameter>` values of the `<Pay>` verb).
 *
 * Answer: `{ token_id | charge_id, error_code, error_message }`. An outcome
 * (success, decline, a refused field) is a 200, because the provider reads
 * `error_code`; a request no provider would send (bad credentials, not JSON,
 * no method) keeps its 4xx, in the same shape.
 */

export const PAY_CONNECTOR_PATH = '/v1/generic-pay-connector';

type ConnectorMethod = 'tokenize' | 'charge';

interface ConnectorAnswer {
  readonly token_id?: string | null;
  readonly charge_id?: string | null;
  readonly error_code: string | null;
  readonly error_message: string | null;
}

const TRANSACTION_ID = /^[\x21-\x7e]{1,255}$/;
/** Decimal dollars as the provider writes `chargeAmount`: digits, optionally a point and one or two more. */
const DOLLARS = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

export function handlePayConnectorRequest(state: SandboxState, body: unknown): Reply {
  if (!isJsonObject(body)) return connectorFailure(400, 'invalid_request', 'The body is a JSON object.');
  const method = body.method;
  if (method !== 'tokenize' && method !== 'charge') return connectorFailure(400, 'invalid_method', 'method is "tokenize" or "charge".');
  const transactionId = body.transaction_id;
  if (typeof transactionId !== 'string' || !TRANSACTION_ID.test(transactionId)) {
    return connectorFailure(400, 'invalid_transaction_id', 'transaction_id is 1 to 255 printable ASCII characters.');
  }
  // The provider retries with the same transaction_id: it gets the first answer, never a second token or charge.
  const key = `pay-connector:${transactionId}`;
  const fingerprint = requestFingerprint('POST', PAY_CONNECTOR_PATH, body, state.fingerprintSalt);
  const reply = runIdempotently(state.idempotentReplies, key, fingerprint, () => (method === 'tokenize' ? tokenize(state, body) : charge(state, body, key)));
  return connectorAnswer(method, reply);
}

/** A sandbox error written in the connector's shape, keeping its status (authentication, unreadable bodies). */
export function connectorError(reply: Reply): Reply {
  const { error } = reply.body as ErrorBody;
  return { ...reply, body: { token_id: null, charge_id: null, error_code: error.code, error_message: error.message } satisfies ConnectorAnswer };
}

function tokenize(state: SandboxState, body: JsonObject): Reply {
  if ('cardnumber' in body) {
    return createToken(state, { number: body.cardnumber, expMonth: body.expiry_month, expYear: body.expiry_year, cvc: body.cvv, postalCode: body.postal_code });
  }
  if ('bankaccountnumber' in body || 'routingnumber' in body) {
    // <Pay> collects only the two numbers; the holder and account type come as <Parameter>s.
    const parameters = isJsonObject(body.parameters) ? body.parameters : {};
    const accountType = typeof parameters.account_type === 'string' ? parameters.account_type.toUpperCase() : 'CHECKING';
    return createToken(state, { routingNumber: body.routingnumber, accountNumber: body.bankaccountnumber, accountType, holderName: parameters.holder_name });
  }
  return invalid('invalid_request', 'Send cardnumber (a card) or bankaccountnumber and routingnumber (ACH).');
}

function charge(state: SandboxState, body: JsonObject, idempotencyKey: string): Reply {
  const amount = typeof body.amount === 'string' ? DOLLARS.exec(body.amount) : null;
  const cents = amount ? BigInt(amount[1] ?? '0') * 100n + BigInt((amount[2] ?? '').padEnd(2, '0')) : 0n;
  if (cents <= 0n) return invalid('invalid_amount', 'amount is a positive number of dollars with at most two decimals, such as "10.00".', 'amount');
  if (body.currency_code !== undefined && body.currency_code !== 'USD') return invalid('invalid_currency', 'The sandbox charges USD only.', 'currency_code');
  const token = tokenize(state, body);
  if (token.status !== 201) return token;
  const { token: tokenId } = token.body as { token: string };
  const description = typeof body.description === 'string' ? body.description : '';
  return createCharge(state, { amount: cents.toString(), source: { token: tokenId }, description }, idempotencyKey);
}

/**
 * The sandbox's answer in the connector's shape. Successes, declines and
 * refused fields are outcomes (200); other refusals keep their status. Only
 * successes and declines are remembered for the transaction_id (see
 * runIdempotently): a refused field changed nothing, and the provider may
 * send the corrected digits under the same id.
 */
function connectorAnswer(method: ConnectorMethod, reply: Reply): Reply {
  if (reply.status < 300) {
    const { token, id } = reply.body as { token?: string; id?: string };
    const answer: ConnectorAnswer = method === 'tokenize' ? { token_id: token ?? null, error_code: null, error_message: null } : { charge_id: id ?? null, error_code: null, error_message: null };
    return { ...reply, status: 200, body: answer };
  }
  const shaped = connectorError(reply);
  const { error } = reply.body as ErrorBody;
  const outcome = reply.status === 402 || (reply.status === 400 && error.field !== null);
  const body =
    error.code === 'idempotency_key_reused'
      ? { ...(shaped.body as ConnectorAnswer), error_code: 'transaction_id_reused', error_message: 'This transaction_id was already used with other payment details.' }
      : shaped.body;
  return { ...shaped, status: outcome ? 200 : reply.status, body };
}

function connectorFailure(status: number, code: string, message: string): Reply {
  const body: ConnectorAnswer = { token_id: null, charge_id: null, error_code: code, error_message: message };
  return { status, body };
}
