import { classifySmtpError } from '../email/smtp-sender';
import { classifyTwilioError } from '../sms/twilio-sms-sender';
import { EMAIL_ADDRESS_REMOVED, PHONE_NUMBER_REMOVED, withoutContactDetails, withoutContactDetailsIn } from './provider-error-text';

/*
 * The delivery pass logged and kept the provider's words as they came, and those quote the recipient: a resident's full
 * email address or mobile number went into every log line of a failed send. These are the words as real servers and
 * Twilio put them; what an operator or staff member acts on (the code, the reason) must survive.
 */

describe("a provider's words about a failed send, fit to log and keep", () => {
  it('lose the email addresses they quote, in any of the ways servers quote them, and keep the status and reason', () => {
    expect(withoutContactDetails('550 5.1.1 <maria.gonzalez+bills@example.com>: Recipient address rejected: User unknown in virtual mailbox table')).toBe(
      `550 5.1.1 <${EMAIL_ADDRESS_REMOVED}>: Recipient address rejected: User unknown in virtual mailbox table`,
    );
    expect(withoutContactDetails("450 4.2.1 The email account that you tried to reach is over quota: 'Jane.Doe@Mail.Example.org'.")).toBe(
      `450 4.2.1 The email account that you tried to reach is over quota: '${EMAIL_ADDRESS_REMOVED}'.`,
    );
    expect(withoutContactDetails('553 sorry, jose@correo.ejemplo.mx is forwarded to josé@otro.example, which refused it')).toBe(
      `553 sorry, ${EMAIL_ADDRESS_REMOVED} is forwarded to ${EMAIL_ADDRESS_REMOVED}, which refused it`,
    );
    expect(withoutContactDetails('mailto:someone@localhost unknown')).toBe(`mailto:${EMAIL_ADDRESS_REMOVED} unknown`);
  });

  it('lose the phone numbers they quote, international or national, and keep the codes, versions and addresses of servers', () => {
    expect(withoutContactDetails("21211 The 'To' number +15625550171 is not a valid phone number.")).toBe(`21211 The 'To' number ${PHONE_NUMBER_REMOVED} is not a valid phone number.`);
    expect(withoutContactDetails("21612 The 'To' phone number: +1 (405) 217-7739, is not currently reachable using the 'From' phone number: +18886472502 via SMS.")).toBe(
      `21612 The 'To' phone number: ${PHONE_NUMBER_REMOVED}, is not currently reachable using the 'From' phone number: ${PHONE_NUMBER_REMOVED} via SMS.`,
    );
    for (const national of ['5625550171', '562-555-0171', '(562) 555-0171', '562.555.0171', '1-562-555-0171']) {
      expect(withoutContactDetails(`number ${national} unreachable.`)).toBe(`number ${PHONE_NUMBER_REMOVED} unreachable.`);
    }
    const kept = [
      '451 4.3.0 Try again later',
      '550 5.7.1 Service unavailable; client [203.0.113.77] blocked',
      '21610 Attempt to send to unsubscribed recipient',
      'queue id 4F3A2B1C0D, 2026-11-24 10:15:00',
      'ECONNREFUSED 127.0.0.1:2525',
    ];
    for (const text of kept) expect(withoutContactDetails(text)).toBe(text);
  });

  it("apply to every failure's words as a sender gives them, and change nothing of what the failure means", () => {
    const bounced = classifySmtpError({ responseCode: 550, response: '550 5.1.1 <resident@example.com>: Recipient address rejected', command: 'RCPT TO' });
    expect(withoutContactDetailsIn(bounced)).toEqual({ kind: 'PERMANENT', reason: 'BOUNCED', error: `550 5.1.1 <${EMAIL_ADDRESS_REMOVED}>: Recipient address rejected` });
    const invalid = classifyTwilioError({ status: 400, code: 21211, message: "The 'To' number +15625550171 is not a valid phone number." });
    expect(withoutContactDetailsIn(invalid)).toMatchObject({ kind: 'PERMANENT', error: `21211 The 'To' number ${PHONE_NUMBER_REMOVED} is not a valid phone number.` });
    expect(withoutContactDetailsIn({ kind: 'TEMPORARY', error: '450 <a@example.com> greylisted' })).toEqual({ kind: 'TEMPORARY', error: `450 <${EMAIL_ADDRESS_REMOVED}> greylisted` });
    expect(withoutContactDetailsIn({ kind: 'SENT', providerMessageId: 'SM123' })).toEqual({ kind: 'SENT', providerMessageId: 'SM123' });
  });
});
