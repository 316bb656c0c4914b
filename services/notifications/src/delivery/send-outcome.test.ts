import { classifySmtpError } from '../email/smtp-sender';
import { classifyTwilioError } from '../sms/twilio-sms-sender';
import { escapeHtml } from '../templates/email-layout';
import { methodLabel } from '../templates/email-templates';
import { relayRetryDelayMs, retryDelayMs } from './delivery-settings';

describe('what an SMTP failure means', () => {
  it('5xx is final; a refusal of the recipient (at RCPT TO, or a 5.1.x or 5.2.1 status) is a hard bounce of the address', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 No such user' })).toEqual({ kind: 'PERMANENT', reason: 'BOUNCED', error: '550 5.1.1 No such user' });
    expect(classifySmtpError({ responseCode: 553, response: '553 bad mailbox', command: 'RCPT TO' })).toMatchObject({ kind: 'PERMANENT', reason: 'BOUNCED' });
    expect(classifySmtpError({ responseCode: 550, response: '550 5.2.1 Mailbox disabled', command: 'DATA' })).toMatchObject({ kind: 'PERMANENT', reason: 'BOUNCED' });
    expect(classifySmtpError({ responseCode: 554, response: '554 policy' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
    expect(classifySmtpError({ responseCode: 550, response: '550 5.7.1 Message rejected as spam', command: 'DATA' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
    expect(classifySmtpError({ responseCode: 553, response: '553 bad mailbox' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
  });

  it("a refusal of the sender or of the platform's login is the configuration's, not the address's: waited out, no attempt spent", () => {
    expect(classifySmtpError({ responseCode: 553, response: '553 5.7.1 Sender address rejected: not owned by user', command: 'MAIL FROM' })).toEqual({
      kind: 'RELAY_UNAVAILABLE',
      error: 'the mail server refused the sender: 553 5.7.1 Sender address rejected: not owned by user',
    });
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.8 Bad sender address', command: 'DATA' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication credentials invalid', command: 'AUTH PLAIN' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError({ code: 'EAUTH', message: 'Missing credentials for "PLAIN"', command: 'API' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    // A rate limit on the sender is the relay's too; a message larger than the relay takes is that message's.
    expect(classifySmtpError({ responseCode: 451, response: '451 4.7.1 Sender rate limit exceeded', command: 'MAIL FROM' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError({ code: 'EMESSAGE', message: 'Message size larger than allowed 1000', command: 'MAIL FROM' })).toMatchObject({ kind: 'TEMPORARY' });
  });

  it('a relay that checks the From: header refuses to send as the city at the end of DATA: the sender, waited out; spam at DATA stays final', () => {
    // nodemailer names a refusal at the end of DATA EMESSAGE, as it does a message too large for the server.
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 550, response: '550 5.7.60 SMTP; Client does not have permissions to send as this sender', command: 'DATA' })).toEqual({
      kind: 'RELAY_UNAVAILABLE',
      error: 'the mail server refused the sender: 550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    });
    for (const response of [
      '550 5.7.60 SendAsDenied',
      '554 5.2.252 SendAsDenied; notifications@billing.example not allowed to send as billing@norwalk.example',
      '550 5.7.1 Client does not have permissions to send as this sender',
      '554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: billing@norwalk.example',
    ]) {
      expect([response, classifySmtpError({ code: 'EMESSAGE', responseCode: Number(response.slice(0, 3)), response, command: 'DATA' }).kind]).toEqual([response, 'RELAY_UNAVAILABLE']);
    }
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 550, response: '550 5.7.1 Message rejected as spam', command: 'DATA' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 550, response: '550 5.7.1 Message rejected because of DMARC policy', command: 'DATA' })).toMatchObject({
      kind: 'PERMANENT',
      reason: 'REJECTED',
    });
  });

  it("a relay's refusal of the platform (its greeting, EHLO, or relaying at RCPT TO) is waited out, not a bounce", () => {
    expect(classifySmtpError({ responseCode: 554, response: '554 5.7.1 <a@example.com>: Relay access denied', command: 'RCPT TO' })).toEqual({
      kind: 'RELAY_UNAVAILABLE',
      error: 'the mail server refused the platform: 554 5.7.1 <a@example.com>: Relay access denied',
    });
    expect(classifySmtpError({ responseCode: 550, response: '550 5.7.64 TenantAttribution; Relay Access Denied', command: 'RCPT TO' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError({ code: 'EPROTOCOL', responseCode: 554, response: '554 5.7.1 Client host blocked', command: 'CONN' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError({ code: 'EPROTOCOL', responseCode: 421, response: '421 4.3.2 Service not available', command: 'CONN' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError({ responseCode: 550, response: '550 not allowed', command: 'EHLO' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    // A mailbox's temporary refusal at RCPT TO (greylisting) is this message's.
    expect(classifySmtpError({ responseCode: 450, response: '450 4.7.1 <a@example.com>: Recipient address rejected: greylisted', command: 'RCPT TO' })).toMatchObject({ kind: 'TEMPORARY' });
    // The recipient's own mailbox refused at RCPT TO is still a bounce.
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 <a@example.com>: User unknown', command: 'RCPT TO' })).toMatchObject({ kind: 'PERMANENT', reason: 'BOUNCED' });
  });

  it("4xx is tried again; a relay that cannot be reached is waited out, whoever's message was on the way", () => {
    expect(classifySmtpError({ responseCode: 451, response: '451 4.3.0 later', command: 'DATA' })).toEqual({ kind: 'TEMPORARY', error: '451 4.3.0 later' });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:9', command: 'CONN' })).toEqual({
      kind: 'RELAY_UNAVAILABLE',
      error: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:9',
    });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Connection timeout' })).toEqual({ kind: 'RELAY_UNAVAILABLE', error: 'ETIMEDOUT: Connection timeout' });
    expect(classifySmtpError({ code: 'ESOCKET', message: 'getaddrinfo ENOTFOUND relay.example' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifySmtpError(new Error('something odd'))).toMatchObject({ kind: 'TEMPORARY' });
  });
});

describe('what a Twilio failure means', () => {
  it('a number that cannot take texts is a bounce; other 4xx are final; 429 and 5xx are retried', () => {
    expect(classifyTwilioError({ status: 400, code: 21211, message: "Invalid 'To' Phone Number" })).toMatchObject({ kind: 'PERMANENT', reason: 'BOUNCED' });
    expect(classifyTwilioError({ status: 400, code: 21602, message: 'Message body is required' })).toMatchObject({ kind: 'PERMANENT', reason: 'REJECTED' });
    expect(classifyTwilioError({ status: 429, code: 20429, message: 'Too many requests' })).toMatchObject({ kind: 'TEMPORARY' });
    expect(classifyTwilioError({ status: 503, message: 'Service unavailable' })).toMatchObject({ kind: 'TEMPORARY' });
    expect(classifyTwilioError(new Error('socket hang up'))).toMatchObject({ kind: 'TEMPORARY' });
  });

  it("a refusal of the platform's credentials, account, Messaging Service or sender is the configuration's, not the number's: waited out", () => {
    expect(classifyTwilioError({ status: 400, code: 21701, message: 'The Messaging Service does not exist' })).toEqual({
      kind: 'RELAY_UNAVAILABLE',
      error: 'Twilio refused the platform: 21701 The Messaging Service does not exist',
    });
    for (const code of [21705, 30127, 21606, 21660, 21408, 10001]) expect(classifyTwilioError({ status: 400, code, message: 'refused' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    expect(classifyTwilioError({ status: 401, code: 20003, message: 'Authenticate' })).toMatchObject({ kind: 'RELAY_UNAVAILABLE' });
    // The resident's own number refused is still a bounce.
    expect(classifyTwilioError({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' })).toMatchObject({ kind: 'PERMANENT', reason: 'BOUNCED' });
  });
});

describe('back-off', () => {
  const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 };
  it('doubles after each failure, up to the cap, within ±20%', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(settings, attempts, 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(settings, 20, 0.5)).toBe(60_000);
    expect(retryDelayMs(settings, 1, 0)).toBe(800);
    expect(retryDelayMs(settings, 1, 1)).toBe(1200);
  });

  it('after a refusal by the relay, waits as long as the message has waited, within the base and the cap', () => {
    expect([0, 500, 7_000, 45_000, 3_600_000].map((waitedMs) => relayRetryDelayMs(settings, waitedMs, 0.5))).toEqual([1000, 1000, 7000, 45_000, 60_000]);
    expect(relayRetryDelayMs(settings, 10_000, 0)).toBe(8000);
  });
});

describe('template helpers', () => {
  it('names a card or bank account by its last four digits, in the language', () => {
    expect(methodLabel('VISA 4242', 'en')).toBe('Visa ending in 4 2 4 2');
    expect(methodLabel('AMERICAN_EXPRESS 0005', 'es')).toBe('American Express terminada en 0 0 0 5');
    expect(methodLabel('BANK_ACCOUNT 6789', 'en')).toBe('bank account ending in 6 7 8 9');
    // A card the processor named no brand for is queued as "CARD 4242": a card, not "ending in 4242" alone.
    expect(methodLabel('CARD 4242', 'en')).toBe('card ending in 4 2 4 2');
    expect(methodLabel('CARD 4242', 'es')).toBe('tarjeta terminada en 4 2 4 2');
    expect(methodLabel('Check #1234', 'en')).toBe('Check #1234');
  });

  it('escapes what people typed before it goes into HTML', () => {
    expect(escapeHtml(`<b>"O'Neil" & co</b>`)).toBe('&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;');
  });
});
