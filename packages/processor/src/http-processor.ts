import type { PaymentProcessor } from './payment-processor';
import { answerAbout, callProcessor, processorAgent, type ProcessorEndpoint } from './processor-call';
import { bankVerificationWire, chargeSearchWire, chargeWire, deletionWire, eventPageWire, profileWire, refundWire, savedMethodWire, tokenDetailsWire } from './processor-wire';

export interface HttpProcessorOptions {
  /** The processor's base URL, e.g. the sandbox's `url`; endpoints are under /v1. */
  readonly baseUrl: string;
  /** Sent as a bearer token on every call; never put in a message. */
  readonly secretKey: string;
  /** After this long without a full answer a call is UNKNOWN/TIMEOUT; default 10 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The PaymentProcessor of a processor speaking the sandbox's HTTP API (packages/processor-sandbox/README.md). */
export function createHttpProcessor(options: HttpProcessorOptions): PaymentProcessor {
  if (!options.secretKey) throw new Error('createHttpProcessor needs the processor secret key');
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const endpoint: ProcessorEndpoint = {
    baseUrl,
    agent: processorAgent(baseUrl),
    secretKey: options.secretKey,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const segment = encodeURIComponent;

  return {
    // The URL alone: one platform holds one key per processor, and a key rotated must not restart the feed.
    account: baseUrl,

    getToken: (token) => callProcessor(endpoint, { method: 'GET', path: `/v1/tokens/${segment(token)}` }, tokenDetailsWire),

    verifyBankAccount: (token) => callProcessor(endpoint, { method: 'POST', path: '/v1/bank-accounts/verify', body: { token } }, bankVerificationWire),

    charge: async (request) =>
      answerAbout(
        await callProcessor(
          endpoint,
          {
            method: 'POST',
            path: '/v1/charges',
            body: { amount: request.amountCents.toString(), source: request.source, description: request.description },
            idempotencyKey: request.idempotencyKey,
          },
          chargeWire,
        ),
        (charge) => charge.idempotencyKey === request.idempotencyKey && charge.amountCents === request.amountCents,
      ),

    getCharge: async (chargeId) => answerAbout(await callProcessor(endpoint, { method: 'GET', path: `/v1/charges/${segment(chargeId)}` }, chargeWire), (charge) => charge.id === chargeId),

    findChargeByIdempotencyKey: async (idempotencyKey) =>
      answerAbout(
        await callProcessor(endpoint, { method: 'GET', path: `/v1/charges?idempotency_key=${segment(idempotencyKey)}` }, chargeSearchWire),
        (charge) => charge === null || charge.idempotencyKey === idempotencyKey,
      ),

    refund: async (request) =>
      answerAbout(
        await callProcessor(
          endpoint,
          {
            method: 'POST',
            path: `/v1/charges/${segment(request.chargeId)}/refunds`,
            body: { amount: request.amountCents.toString() },
            idempotencyKey: request.idempotencyKey,
          },
          refundWire,
        ),
        (refund) => refund.chargeId === request.chargeId && refund.amountCents === request.amountCents,
      ),

    void: async (request) =>
      answerAbout(
        await callProcessor(endpoint, { method: 'POST', path: `/v1/charges/${segment(request.chargeId)}/void`, body: {}, idempotencyKey: request.idempotencyKey }, chargeWire),
        (charge) => charge.id === request.chargeId,
      ),

    listEvents: (after, limit) => callProcessor(endpoint, { method: 'GET', path: `/v1/events?limit=${limit}${after === null ? '' : `&after=${segment(after)}`}` }, eventPageWire),

    createProfile: (request) => callProcessor(endpoint, { method: 'POST', path: '/v1/customers', body: { reference: request.customerRef }, idempotencyKey: request.idempotencyKey }, profileWire),

    saveMethod: (request) =>
      callProcessor(endpoint, { method: 'POST', path: `/v1/customers/${segment(request.profileId)}/methods`, body: { token: request.token }, idempotencyKey: request.idempotencyKey }, savedMethodWire),

    deleteMethod: (request) => callProcessor(endpoint, { method: 'DELETE', path: `/v1/customers/${segment(request.profileId)}/methods/${segment(request.methodId)}` }, deletionWire),
  };
}
