import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestLoaders, readWebhookBody, refuseTooLargeWebhook, sendWebhookAnswer, type HttpRoute, type HttpRouteContext, type RequestContext, type TenantContext } from '@platform/api';
import { translate } from '@platform/core';
import { updateReturning, withTenant } from '@platform/db';
import type { PaymentsSettings } from '@platform/payments';
import { listTenants, tenantByIdLoader, toTenantRef, type Tenant } from '@platform/tenants';
import { twiml } from 'twilio';
import { IsNull, Not, QueryFailedError } from 'typeorm';
import { PhoneCallEntity } from './call.entity';
import { boundToStep, newActionNonce, NONCE_PARAM } from './call-binding';
import { callAction, cityCalled, cityOfCall, CITY_PARAM } from './call-city';
import { continueCall, startCall, type CallScope, type Turn } from './call-flow';
import { callExpiredTwiml } from './call-speech';
import { callerAddress } from './caller-limits';
import { callerNumberOf } from './caller-number';
import { giveBackPlaces, type CardReadPlaces } from './card-read-places';
import type { CallPaymentsUnderWay } from './call-payments';
import { tellPaymentOfEndedCall, type EndedCall } from './ended-call-payment';
import { authTokenFor, providerFor, type PhoneProvider, type PhoneSettings } from './phone-settings';
import { recordSettledPayment } from './settled-payment-record';
import { checkSignature } from './webhook-signature';

export const VOICE_PATH = '/phone/voice';
export const STATUS_PATH = '/phone/status';

/**
 * The path the provider posts a call's next webhooks to: the voice webhook's under the public URL's own path, for a
 * platform a proxy serves under a path (https://example.gov/payments, the proxy taking /payments off). The provider
 * resolves an action path against the host alone, so without the prefix every webhook after the first would miss
 * the proxy's path (and the signature, made over the URL the provider called, would not hold either).
 */
function voiceActionPath(phone: PhoneSettings): string {
  return `${phone.publicUrl === null ? '' : new URL(phone.publicUrl).pathname.replace(/\/+$/, '')}${VOICE_PATH}`;
}

/** How long a call's state lives after its last webhook: longer than any caller takes to find a card. */
const STATE_TTL_MS = 60 * 60 * 1000;
/**
 * A call's id as its provider writes it (Twilio's "CA" and hex, Telnyx TeXML's "v3:" and base64url, SignalWire's a
 * UUID): no more, since it is kept, logged and part of the payment's idempotency key (phone_calls checks the same).
 */
const CALL_SID = /^[A-Za-z0-9][A-Za-z0-9:_-]{1,127}$/;

export interface PhoneRouteSettings {
  readonly phone: PhoneSettings;
  readonly payments: PaymentsSettings;
  readonly paymentsUnderWay: CallPaymentsUnderWay;
}

/**
 * The provider's webhooks, TwiML model (Twilio; Telnyx TeXML and SignalWire
 * cXML speak the same): POST form-encoded call events, answered with TwiML.
 *
 * - `POST /phone/voice`: the number's "A call comes in" webhook, and the
 *   action of every question asked (`?city=&seq=`: the call's city, and
 *   which answer the webhook answers).
 * - `POST /phone/status`: the number's call status callback; a call that
 *   ends mid-way is recorded as abandoned at its step, or as paid when its
 *   payment, under way as the caller hung up, went through (recordHangUp).
 *
 * A call belongs to the city it began in until it ends (call-city.ts): the
 * number called (`To`) picks the city of a call's first webhook only, so a
 * city changing its number cuts off no caller. Every request must carry a
 * valid signature of the call's city's provider (PHONE_PROVIDERS: Twilio's
 * X-Twilio-Signature, SignalWire's X-SignalWire-Signature, Telnyx's Ed25519
 * with a recent timestamp; webhook-signature.ts) made with its key;
 * anything else is 403, logged, and changes nothing. A number no city has hears a
 * goodbye and nothing more.
 */
export function createPhoneRoutes(settings: PhoneRouteSettings): HttpRoute[] {
  return [
    { paths: [VOICE_PATH], handle: (req, res, ctx) => handleVoice(req, res, ctx, settings) },
    { paths: [STATUS_PATH], handle: (req, res, ctx) => handleStatus(req, res, ctx, settings) },
  ];
}

/** A webhook's form (and its body as sent), its URL (path and query, as signed) and the cities, read once. */
interface Webhook {
  readonly params: Readonly<Record<string, string>>;
  readonly body: string;
  readonly url: URL;
  readonly tenants: readonly Tenant[];
}

/** The webhook, or null once it is answered: not a POST (405), or a form over the route's limit (413). */
async function readWebhook(req: IncomingMessage, res: ServerResponse, route: HttpRouteContext): Promise<Webhook | null> {
  if (req.method !== 'POST') {
    sendWebhookAnswer(res, 405, 'text/plain', 'POST only', { allow: 'POST' });
    return null;
  }
  const body = await readWebhookBody(req, route);
  if (body === null) {
    refuseTooLargeWebhook(res);
    return null;
  }
  const params = Object.fromEntries(new URLSearchParams(body));
  return { params, body, url: new URL(req.url ?? '/', 'http://phone'), tenants: await listTenants(route.db) };
}

/**
 * Whether the webhook carries the signature of `city`'s provider made with its key or, for no city, of any provider
 * and key we hold; a refusal is logged with the provider expected and why (checkSignature), never the signature.
 */
function signedFor(req: IncomingMessage, route: HttpRouteContext, phone: PhoneSettings, webhook: Webhook, city: Tenant | null): boolean {
  const arrived = { req, route, publicUrl: phone.publicUrl, form: webhook.params, body: webhook.body };
  const keys = city ? [{ provider: providerFor(phone, city.slug), key: authTokenFor(phone, city.slug) }] : everyKey(phone);
  const refusals = keys.map(({ provider, key }) => ({ provider, why: checkSignature(provider, key, arrived) }));
  if (refusals.some(({ why }) => why === true)) return true;
  const providers = [...new Set(refusals.map(({ provider }) => provider))];
  const why = [...new Set(refusals.map((refusal) => refusal.why))];
  route.log.warn({ path: webhook.url.pathname, city: city?.slug ?? null, providers, why }, 'phone webhook refused: bad signature');
  return false;
}

/** Every provider and key a webhook naming no city may be signed with: each city's configured, and the default (Twilio's). */
function everyKey(phone: PhoneSettings): { provider: PhoneProvider; key: string | null }[] {
  const slugs = new Set([...Object.keys(phone.authTokens), ...Object.keys(phone.providers)]);
  return [...[...slugs].map((slug) => ({ provider: providerFor(phone, slug), key: authTokenFor(phone, slug) })), { provider: 'twilio', key: phone.defaultAuthToken }];
}

const forbidden = (res: ServerResponse) => sendWebhookAnswer(res, 403, 'text/plain', 'Forbidden');
const malformedCallSid = (res: ServerResponse) => sendWebhookAnswer(res, 400, 'text/plain', 'CallSid is missing or malformed');

/**
 * A voice webhook. The first of a call (no `city`) is the city's whose number
 * was called; every later one is the city's its action URL names, which the
 * provider's signature covers, checked with that city's token. Naming a city
 * never starts a call there: one the city does not hold hears that the call
 * is over (answerVoice), so no URL can move a call to another city.
 */
async function handleVoice(req: IncomingMessage, res: ServerResponse, route: HttpRouteContext, settings: PhoneRouteSettings): Promise<void> {
  const webhook = await readWebhook(req, res, route);
  if (!webhook) return;
  const { params, url, tenants } = webhook;
  const named = url.searchParams.get(CITY_PARAM);
  const tenant = named === null ? cityCalled(tenants, params.To) : (tenants.find((city) => city.slug === named) ?? null);
  // A number no city has: the signature is checked against every token we hold, so nobody else gets even the goodbye.
  if (!signedFor(req, route, settings.phone, webhook, tenant)) return forbidden(res);
  const callSid = params.CallSid ?? '';
  if (!CALL_SID.test(callSid)) return malformedCallSid(res);
  if (!tenant) {
    const response = new twiml.VoiceResponse();
    response.say({ language: 'en-US' }, translate('en', 'phone.unknownNumber'));
    response.hangup();
    return sendTwiml(res, response.toString());
  }
  const ctx = callerContext(route, tenant, callSid, params);
  // An action URL from before calls named their city (`?seq=` alone) continues a call too, in the city called.
  const continuing = named !== null || url.searchParams.has('seq');
  const seq = Number(url.searchParams.get('seq') ?? '0');
  const { payments, phone, paymentsUnderWay } = settings;
  const nonce = url.searchParams.get(NONCE_PARAM);
  const answer = await answerVoice({ ctx, tenant, callSid, payments, phone, action: '', paymentsUnderWay }, continuing, seq, nonce, params);
  if (answer !== null) return sendTwiml(res, answer);
  route.log.warn({ path: url.pathname, city: tenant.slug, seq }, 'phone webhook refused: not bound to the step the call is at (a replay)');
  forbidden(res);
}

/**
 * The status callback. Its URL is the number's setting, so it names no
 * city, and the number may be another city's now, or none's: the call's city
 * is the one holding the call (cityOfCall, the city called first), and the
 * signature must be made with that city's token. A request signed with none
 * of our tokens reads nothing; a call no city holds is answered 204.
 */
async function handleStatus(req: IncomingMessage, res: ServerResponse, route: HttpRouteContext, settings: PhoneRouteSettings): Promise<void> {
  const webhook = await readWebhook(req, res, route);
  if (!webhook) return;
  const { params, tenants } = webhook;
  if (!signedFor(req, route, settings.phone, webhook, null)) return forbidden(res);
  const callSid = params.CallSid ?? '';
  if (!CALL_SID.test(callSid)) return malformedCallSid(res);
  const tenant = await cityOfCall(route.db, tenants, cityCalled(tenants, params.To), callSid);
  if (!tenant) return sendWebhookAnswer(res, 204, 'text/plain', '');
  if (!signedFor(req, route, settings.phone, webhook, tenant)) return forbidden(res);
  await recordHangUp(callerContext(route, tenant, callSid, params), callSid, params.CallStatus ?? '');
  sendWebhookAnswer(res, 204, 'text/plain', '');
}

/**
 * Answers one voice webhook of a call. The call's row says which question
 * the caller is answering; a webhook whose `seq` is not the one expected
 * (the provider retrying one already answered) gets the last answer again
 * and changes nothing. Concurrent duplicates race on `seq`, and the loser
 * answers with the winner's TwiML; a payment in both is one payment, by its
 * idempotency key.
 *
 * Only a call's first webhook (not `continuing`) starts it. A later one the
 * city holds no call for (its row gone, or a URL naming another city) hears
 * that the call is over, and nothing is kept.
 *
 * A webhook at the call's `seq` moves the call only when it brings the `nonce` of the call's latest answer
 * (call-binding.ts); without it, it is a replay: null, refused, and nothing changes.
 */
async function answerVoice(base: CallScope, continuing: boolean, seq: number, nonce: string | null, params: Readonly<Record<string, string>>): Promise<string | null> {
  const { ctx, callSid, tenant } = base;
  const now = ctx.clock.now();
  const call = await withTenant(ctx, (manager) => manager.getRepository(PhoneCallEntity).findOneBy({ callSid }));
  if (!call && continuing) return callExpiredTwiml(ctx.locale);
  if (!call) {
    const next = newActionNonce();
    const scope = { ...base, action: callAction(voiceActionPath(base.phone), tenant, 1, next) };
    const turn = startCall(scope, callerNumberOf(params));
    try {
      const state = turn.state && { ...turn.state, actionNonce: next };
      await withTenant(ctx, (manager) => manager.getRepository(PhoneCallEntity).insert(newRow(ctx, callSid, { ...turn, state }, now)));
      return turn.twiml.toString();
    } catch (error) {
      // The provider sent the call's first webhook twice at once: the other one started the call.
      if (!(error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')) throw error;
      return (await withTenant(ctx, (manager) => manager.getRepository(PhoneCallEntity).findOneByOrFail({ callSid }))).lastTwiml;
    }
  }
  if (call.state === null) return call.lastTwiml;
  // Expiry first: a late webhook of an earlier step (not the call's seq) hears the timed-out goodbye too, not its old question.
  if (call.expiresAt <= now) {
    // The goodbye is the call's last answer now: the provider retrying this webhook hears it again.
    const goodbye = callExpiredTwiml(call.locale);
    const expired = await withTenant(ctx, (manager) =>
      manager
        .getRepository(PhoneCallEntity)
        // Still live: phone.expire-calls may have ended it since it was read, and put its payment on it (PAID).
        .update(
          { callSid, seq: call.seq, state: Not(IsNull()) },
          { state: null, lastTwiml: goodbye, outcome: call.outcome === 'IN_PROGRESS' ? 'ABANDONED' : call.outcome, endedAtStep: call.step, endedAt: now },
        ),
    );
    // The caller left without the provider saying so: a payment under way as they did is theirs still, and a card being
    // keyed was never declined.
    if (expired.affected === 1) {
      await giveBackPlaces(ctx, ctx.log, call.state.cardReadPlaces);
      await tellPaymentOfEndedCall(ctx, { callSid, outcome: call.outcome, step: call.step, attempt: call.state.attempt }, call.state.from);
    }
    return goodbye;
  }
  if (seq !== call.seq) return call.lastTwiml;
  if (!boundToStep(call.state, nonce)) return null;
  // The caller is who the call's first webhook said (callerNumberOf): a number the carrier found spoofed stays withheld,
  // whatever the later webhooks carry, and so does the address the limits count it under.
  const caller = { ...base.ctx, clientIp: callerAddress(call.state.from, callSid) };
  const next = newActionNonce();
  const turn = await continueCall({ ...base, ctx: caller, action: callAction(voiceActionPath(base.phone), tenant, call.seq + 1, next) }, call.state, params);
  const ended = turn.state === null;
  const decided = call.outcome === 'IN_PROGRESS' && turn.outcome !== undefined ? turn.outcome : call.outcome;
  const twimlText = turn.twiml.toString();
  const changed = await withTenant(ctx, (manager) =>
    manager.getRepository(PhoneCallEntity).update(
      { callSid, seq: call.seq },
      {
        seq: call.seq + 1,
        state: turn.state && { ...turn.state, actionNonce: next },
        step: turn.state?.step ?? call.step,
        locale: turn.state?.locale ?? call.locale,
        lastTwiml: twimlText,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + STATE_TTL_MS),
        outcome: decided,
        ...(turn.outcome === 'PAID' && turn.told && call.paymentId === null ? { paymentId: turn.told.id, paidCents: turn.told.totalCents } : {}),
        ...(turn.cardsUnavailable ? { cardsUnavailable: true } : {}),
        ...(ended ? { endedAt: now, endedAtStep: decided === 'PAID' || decided === 'TRANSFERRED' ? null : call.step } : {}),
      },
    ),
  );
  if (changed.affected === 1) {
    await giveBackPlaces(ctx, ctx.log, turn.placesBack);
    return twimlText;
  }
  // The call moved on without this answer: a hang-up (or a duplicate webhook) came first, and gave back (or keeps) the
  // places of the `<Pay>` answered; those this answer took for its own `<Pay>` go back. A payment it would have told of
  // is told as one settled after its webhook stopped waiting: put on the call, and texted, if the call is over.
  await giveBackPlaces(ctx, ctx.log, turn.state?.cardReadPlaces);
  if (turn.told) await recordSettledPayment(ctx, callSid, turn.told, call.state.from);
  return (await withTenant(ctx, (manager) => manager.getRepository(PhoneCallEntity).findOneByOrFail({ callSid }))).lastTwiml;
}

function newRow(ctx: TenantContext, callSid: string, turn: Turn, now: Date): Partial<PhoneCallEntity> {
  return {
    tenantId: ctx.tenant.id,
    callSid,
    startedAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    locale: turn.state?.locale ?? ctx.locale,
    step: turn.state?.step ?? 'DONE',
    seq: 1,
    state: turn.state,
    lastTwiml: turn.twiml.toString(),
    // The first answer can end the call (a line that takes no payment transfers the caller, or says goodbye).
    outcome: turn.outcome ?? 'IN_PROGRESS',
    endedAtStep: null,
    paymentId: null,
    paidCents: null,
    endedAt: turn.state === null ? now : null,
  };
}

/**
 * The status callback: a call that ended (hung up, dropped) before its
 * outcome was decided is abandoned at its step; its state goes. Its `seq`
 * moves on, so a webhook of the call still running cannot bring the call
 * back. A payment under way as the caller hung up is put on the call, or
 * texted, once it is over (tellPaymentOfEndedCall).
 */
async function recordHangUp(ctx: TenantContext, callSid: string, status: string): Promise<void> {
  if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) return;
  const now = ctx.clock.now();
  const ended = await withTenant(ctx, (manager) =>
    updateReturning<Omit<EndedCall, 'callSid'> & { from: string | null; cardReadPlaces: CardReadPlaces | null }>(
      manager,
      `UPDATE phone_calls SET
         outcome = CASE WHEN outcome <> 'IN_PROGRESS' THEN outcome WHEN payment_id IS NOT NULL THEN 'PAID' ELSE 'ABANDONED' END,
         ended_at_step = CASE WHEN outcome = 'IN_PROGRESS' AND payment_id IS NULL THEN step ELSE ended_at_step END,
         state = NULL, seq = seq + 1, ended_at = coalesce(ended_at, $2), updated_at = $2
       WHERE call_sid = $1
       RETURNING old.outcome, old.step, (old.state->>'attempt')::int AS attempt, old.state->>'from' AS "from", old.state->'cardReadPlaces' AS "cardReadPlaces"`,
      [callSid, now],
    ),
  );
  const call = ended[0];
  if (!call) return;
  // A hang-up while a card was keyed: no bank declined it.
  await giveBackPlaces(ctx, ctx.log, call.cardReadPlaces);
  // Texted to the number the call kept (the status callback's From may be one the carrier found spoofed).
  await tellPaymentOfEndedCall(ctx, { ...call, callSid }, call.from);
}

/**
 * The caller as a guest of the city, as a web guest is: look-up limits count
 * per caller (the provider's address is every caller's, so the caller's
 * number, or a withheld caller's call, stands for the address: callerAddress).
 */
function callerContext(route: HttpRouteContext, tenant: Tenant, callSid: string, params: Readonly<Record<string, string>>): TenantContext {
  const loaders = new RequestLoaders();
  const ctx: RequestContext = Object.freeze({
    requestId: route.requestId,
    db: route.db,
    tenant: toTenantRef(tenant),
    viewer: null,
    operator: false,
    locale: tenant.settings.defaultLocale,
    clientIp: callerAddress(callerNumberOf(params), callSid),
    clock: route.clock,
    loaders,
    events: route.events,
    connection: null,
    stopping: route.stopping,
    log: route.log.child({ tenant: tenant.slug }),
  });
  loaders.bind(ctx);
  loaders.keep(tenantByIdLoader, tenant.id, tenant);
  return ctx as TenantContext;
}

function sendTwiml(res: ServerResponse, body: string): void {
  sendWebhookAnswer(res, 200, 'text/xml; charset=utf-8', body);
}
