import { deliverThroughCatcher, outboxRow, platformWithMailCatcher, queueMessage } from './notification-api';

/*
 * Relays that check the From: header (Microsoft 365, Amazon SES) see it only in the message, so they refuse a sender
 * the platform may not send as at the end of DATA, not at MAIL FROM: "550 5.7.60 SMTP; Client does not have
 * permissions to send as this sender" (SendAsDenied), for every message of a city whose from-address the platform's
 * mailbox may not send as. That is the city's configuration, as a refusal at MAIL FROM is: each receipt was FAILED for
 * good (REJECTED), the city's whole backlog lost instead of waited out without spending attempts.
 */

const mail = platformWithMailCatcher({});

it("a relay refusing to send as the city's from-address (5.7.60 at DATA) holds the city's receipts for the fix, not FAILED for good", async () => {
  const { platform, smtp } = mail;
  const receipt = (to: string, confirmationNumber: string, amount: string) =>
    queueMessage(platform, 'norwalk', { to, template: 'PAYMENT_RECEIPT', data: { confirmationNumber, amount, method: 'VISA 4242' } });
  const ids = [await receipt('first.sendas@example.com', 'SENDAS1', '$10.00'), await receipt('second.sendas@example.com', 'SENDAS2', '$20.00')];

  smtp.reply = () => ({ code: 550, message: '5.7.60 SMTP; Client does not have permissions to send as this sender' });
  await deliverThroughCatcher(platform, smtp);
  const refused = await Promise.all(ids.map((id) => outboxRow(platform, 'norwalk', id)));
  expect(refused.map((row) => [row.status, row.attempts, row.failure_reason])).toEqual([
    ['PENDING', 0, null],
    ['PENDING', 0, null],
  ]);
  expect(refused[0]!.last_error).toContain('the mail server refused the sender: 550 5.7.60');

  // The city's IT lets the platform's mailbox send as the city's address; the next tries are due within milliseconds
  // in tests (TEST_DELIVERY_SETTINGS).
  smtp.reply = () => 'accept';
  const delivered: string[] = [];
  for (let pass = 0; pass < 40 && delivered.length < 2; pass++) {
    delivered.push(...(await deliverThroughCatcher(platform, smtp)).map((message) => message.envelopeTo[0]!));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(delivered.sort()).toEqual(['first.sendas@example.com', 'second.sendas@example.com']);
}, 60_000);
