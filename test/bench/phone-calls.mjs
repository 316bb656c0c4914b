// pnpm bench (phone): whole calls to Norwalk's pay-by-phone line, driven as
// Twilio drives them (signed form posts; the card tokenized at the sandbox's
// Generic Pay Connector, outside the timed webhooks, as the provider does),
// each paying its own account: language, account number, amount menu, <Pay>
// callback, confirmation (the charge), goodbye. Reports calls per second and
// each webhook's latency. Calls are fewer than the city's guest look-up
// ceiling (300 a minute), which the line shares with the web.
import { randomBytes } from 'node:crypto';
import phonePackage from '@platform/phone';
import sandboxPackage from '@platform/processor-sandbox';
import twilio from 'twilio';
import { startBenchPlatform } from './bench-platform.mjs';

const { DEV_PHONE_AUTH_TOKEN } = phonePackage;
const { DEV_PAY_CONNECTOR_CREDENTIALS } = sandboxPackage;

const CALLS = Number(process.env.BENCH_PHONE_CALLS ?? 120);
const LEVELS = (process.env.BENCH_PHONE_CONCURRENCY ?? '1,4').split(',').map(Number);
const NORWALK = '+18886472502';

async function main() {
  const platform = await startBenchPlatform('phone', { poolSize: 20 });
  const { sandbox } = platform;
  const total = CALLS * LEVELS.length;
  const numbers = Array.from({ length: total }, (_, i) => `7${String(i).padStart(7, '0')}`);
  await platform.addAccounts('norwalk', numbers, 'Bench Caller');
  const gateway = await platform.startGateway();
  const base = gateway.url.replace(/\/graphql$/, '');
  let next = 0;
  try {
    process.stdout.write(`\npay-by-phone calls (Norwalk, signed webhooks, <Pay> token, charge at the sandbox), ${CALLS} calls per level\n`);
    process.stdout.write('callers  calls/s  webhook p50 ms  p99 ms  failed calls\n');
    for (const callers of LEVELS) {
      const latencies = [];
      let failed = 0;
      let remaining = CALLS;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: callers }, async () => {
          while (remaining > 0) {
            remaining -= 1;
            const ok = await playCall(base, sandbox.url, numbers[next++], latencies).catch(() => false);
            if (!ok) failed += 1;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      process.stdout.write(
        `${String(callers).padStart(7)}  ${((CALLS - failed) / seconds).toFixed(1).padStart(7)}  ${at(0.5).toFixed(1).padStart(14)}  ${at(0.99).toFixed(1).padStart(6)}  ${String(failed).padStart(12)}\n`,
      );
    }
  } finally {
    await platform.close();
  }
}

/** One call from its first webhook to its goodbye; true when it paid. */
async function playCall(base, sandboxUrl, accountNumber, latencies) {
  const call = {
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: `+1562${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    To: NORWALK,
    CallStatus: 'in-progress',
    Direction: 'inbound',
  };
  let action = '/phone/voice';
  const post = async (extra) => {
    const url = `${base}${action}`;
    const params = { ...call, ...extra };
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(DEV_PHONE_AUTH_TOKEN, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    const xml = await response.text();
    latencies.push(performance.now() - started);
    action = [...xml.matchAll(/action="([^"]*)"/g)].at(-1)?.[1]?.replace(/&amp;/g, '&') ?? action;
    return xml;
  };
  await post({});
  await post({ Digits: '1' });
  const menu = await post({ Digits: accountNumber });
  if (!menu.includes('nothing is due')) return false;
  await post({ Digits: '2' });
  await post({ Digits: '1234' });
  const basic = Buffer.from(`${DEV_PAY_CONNECTOR_CREDENTIALS.username}:${DEV_PAY_CONNECTOR_CREDENTIALS.password}`).toString('base64');
  const tokenized = await fetch(`${sandboxUrl}/v1/generic-pay-connector`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ method: 'tokenize', transaction_id: call.CallSid, cardnumber: '4242424242424242', expiry_month: '12', expiry_year: '35', cvv: '123', postal_code: '90650', parameters: {} }),
  });
  const { token_id: token } = await tokenized.json();
  await post({ Result: 'success', PaymentToken: token, PaymentCardNumber: 'xxxxxxxxxxxx4242', PaymentCardType: 'visa' });
  const receipt = await post({ Digits: '1' });
  await post({ Digits: '3' });
  return receipt.includes('was accepted');
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
