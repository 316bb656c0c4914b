import type { IncomingMessage, ServerResponse } from 'node:http';
import { readWebhookForm, refuseTooLargeWebhook, sendWebhookAnswer, signedByTwilio, type HttpRoute, type HttpRouteContext } from '@platform/api';
import { textableNumber } from '@platform/core';
import { forEachCity } from '@platform/tenants';
import { recordTextedBack } from './texts-stopped';

export const INBOUND_SMS_PATH = '/sms/inbound';

export interface InboundSmsSettings {
  /** The Twilio account's auth token, which signs its webhooks. */
  readonly authToken: string;
  /** The platform's Messaging Service, which sends for every city without its own. */
  readonly messagingServiceSid: string;
  /** The address Twilio was given is this and INBOUND_SMS_PATH; null: the request's own address. */
  readonly publicUrl: string | null;
}

/** Twilio's default opt-out and opt-in keywords, for a service without Advanced Opt-Out (which names the kind itself). */
const STOP_WORDS: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS: ReadonlySet<string> = new Set(['START', 'YES', 'UNSTOP']);

/** An empty TwiML answer: Twilio's Messaging Service answers STOP, START and HELP itself. */
const NO_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `POST /sms/inbound`: the Messaging Services' "incoming message" webhook.
 * A STOP or a START texted to a service applies to every city that sends
 * through it (as Twilio applies it to the whole service), and to every city
 * that texted the number through it before moving to a service of its own
 * (the answer to a text comes to the service it came from); other texts are
 * read by nobody and answered with nothing. Signed with the account's auth
 * token, or 403 and nothing changed.
 */
export function createInboundSmsRoute(settings: InboundSmsSettings): HttpRoute {
  return { paths: [INBOUND_SMS_PATH], handle: (req, res, ctx) => handle(req, res, ctx, settings) };
}

async function handle(req: IncomingMessage, res: ServerResponse, route: HttpRouteContext, settings: InboundSmsSettings): Promise<void> {
  if (req.method !== 'POST') return sendWebhookAnswer(res, 405, 'text/plain', 'POST only', { allow: 'POST' });
  const form = await readWebhookForm(req, route);
  if (form === null) return refuseTooLargeWebhook(res);
  if (!signedByTwilio(req, route, settings.publicUrl, [settings.authToken], form)) {
    route.log.warn('inbound text refused: bad signature');
    return sendWebhookAnswer(res, 403, 'text/plain', 'Forbidden');
  }
  const word = wordOf(form);
  const phone = textableNumber(form.From ?? '');
  const sid = (form.MessagingServiceSid ?? '').toLowerCase();
  if (word && phone && sid) {
    const service = { sid, platforms: sid === settings.messagingServiceSid.toLowerCase() };
    // Each city on its own: one that fails leaves the others' records changed (the answer is then a 500).
    const recorded: string[] = [];
    await forEachCity(route.db, route.log, async (tenant) => {
      if (await recordTextedBack({ db: route.db, tenant }, phone, word, service)) recorded.push(tenant.slug);
    });
    // The number stays out of the log: the cities' records hold it.
    route.log.info({ word, cities: recorded }, 'inbound text recorded');
  }
  sendWebhookAnswer(res, 200, 'text/xml; charset=utf-8', NO_REPLY);
}

/** STOP or START, as Twilio's Advanced Opt-Out names it or as the text's one word says; null for anything else. */
function wordOf(form: Record<string, string>): 'STOP' | 'START' | null {
  const named = (form.OptOutType ?? '').toUpperCase();
  if (named === 'STOP' || named === 'START') return named;
  if (named !== '') return null;
  const word = (form.Body ?? '').trim().toUpperCase();
  return STOP_WORDS.has(word) ? 'STOP' : START_WORDS.has(word) ? 'START' : null;
}
