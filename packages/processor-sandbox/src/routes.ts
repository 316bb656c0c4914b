import { closeBankAccount } from './bank-closures';
import { createCharge, findChargesByIdempotencyKey, getCharge, listAllCharges, refundCharge, voidCharge } from './charges';
import { createProfile, deleteMethod, saveMethod } from './customers';
import { closeDispute, openDispute } from './disputes';
import { listEvents } from './events';
import { connectorError, handlePayConnectorRequest, PAY_CONNECTOR_PATH } from './generic-pay-connector';
import { hostedFieldsPage } from './hosted-fields-page';
import type { Reply } from './reply';
import type { SandboxState } from './sandbox-state';
import { createToken, getToken, verifyBankAccount } from './tokens';

/** The sandbox's endpoints; README.md documents each. */

interface RouteRequest {
  readonly body: unknown;
  readonly query: URLSearchParams;
  /** A `:name` segment of the path, decoded. */
  param(name: string): string;
}

interface RouteBase {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /**
   * `public` routes are called from a browser page (no key); `secret` ones need
   * the secret key; `connector` ones the pay connector's Basic credentials.
   */
  readonly access: 'public' | 'secret' | 'connector';
  /** Rewrites the errors the server answers before the handler runs (credentials, unreadable body) in the route's own format. */
  readonly errorShape?: (reply: Reply) => Reply;
}

export type Route =
  | (RouteBase & { readonly idempotent: false; handle(state: SandboxState, request: RouteRequest): Reply })
  /** Money-moving or creating routes: they need an Idempotency-Key, and run once per key. */
  | (RouteBase & { readonly idempotent: true; handle(state: SandboxState, request: RouteRequest, idempotencyKey: string): Reply });

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/v1/hosted-fields', access: 'public', idempotent: false, handle: (_state, r) => hostedFieldsPage(r.query) },
  { method: 'POST', path: '/v1/tokens', access: 'public', idempotent: false, handle: (state, r) => createToken(state, r.body) },
  {
    method: 'POST',
    path: PAY_CONNECTOR_PATH,
    access: 'connector',
    idempotent: false,
    errorShape: connectorError,
    handle: (state, r) => handlePayConnectorRequest(state, r.body),
  },
  { method: 'GET', path: '/v1/tokens/:token', access: 'secret', idempotent: false, handle: (state, r) => getToken(state, r.param('token')) },
  { method: 'POST', path: '/v1/bank-accounts/verify', access: 'secret', idempotent: false, handle: (state, r) => verifyBankAccount(state, r.body) },
  { method: 'POST', path: '/v1/charges', access: 'secret', idempotent: true, handle: (state, r, key) => createCharge(state, r.body, key) },
  {
    method: 'GET',
    path: '/v1/charges',
    access: 'secret',
    idempotent: false,
    handle: (state, r) => findChargesByIdempotencyKey(state, r.query.get('idempotency_key')),
  },
  { method: 'GET', path: '/v1/charges/:id', access: 'secret', idempotent: false, handle: (state, r) => getCharge(state, r.param('id')) },
  { method: 'POST', path: '/v1/charges/:id/refunds', access: 'secret', idempotent: true, handle: (state, r) => refundCharge(state, r.param('id'), r.body) },
  { method: 'POST', path: '/v1/charges/:id/void', access: 'secret', idempotent: true, handle: (state, r) => voidCharge(state, r.param('id')) },
  { method: 'GET', path: '/v1/events', access: 'secret', idempotent: false, handle: (state, r) => listEvents(state, r.query) },
  { method: 'POST', path: '/v1/customers', access: 'secret', idempotent: true, handle: (state, r) => createProfile(state, r.body) },
  { method: 'POST', path: '/v1/customers/:id/methods', access: 'secret', idempotent: true, handle: (state, r) => saveMethod(state, r.param('id'), r.body) },
  {
    method: 'DELETE',
    path: '/v1/customers/:id/methods/:methodId',
    access: 'secret',
    idempotent: false,
    handle: (state, r) => deleteMethod(state, r.param('id'), r.param('methodId')),
  },
  { method: 'GET', path: '/v1/_sandbox/charges', access: 'secret', idempotent: false, handle: (state) => listAllCharges(state) },
  { method: 'POST', path: '/v1/_sandbox/bank-accounts/close', access: 'secret', idempotent: false, handle: (state, r) => closeBankAccount(state, r.body) },
  { method: 'POST', path: '/v1/_sandbox/charges/:id/disputes', access: 'secret', idempotent: false, handle: (state, r) => openDispute(state, r.param('id'), r.body) },
  { method: 'POST', path: '/v1/_sandbox/disputes/:id/close', access: 'secret', idempotent: false, handle: (state, r) => closeDispute(state, r.param('id'), r.body) },
];

/** The route for a path, and its `:name` segments; `methodMismatch` when the path exists under other methods. */
export function matchRoute(method: string, pathname: string): { route: Route; params: ReadonlyMap<string, string> } | { methodMismatch: boolean } {
  let pathKnown = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathKnown = true;
  }
  return { methodMismatch: pathKnown };
}

function matchPath(pattern: string, pathname: string): Map<string, string> | null {
  const expected = pattern.split('/');
  const actual = pathname.split('/');
  if (expected.length !== actual.length) return null;
  const params = new Map<string, string>();
  for (const [i, part] of expected.entries()) {
    const value = actual[i] ?? '';
    if (part.startsWith(':')) {
      if (!value) return null;
      params.set(part.slice(1), safeDecode(value));
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
