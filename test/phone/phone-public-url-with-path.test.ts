import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@platform/gateway';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { NORWALK_LINE, PhoneCall } from './phone-call';

/*
 * Behind a proxy that serves the platform under a path (PHONE_PUBLIC_URL
 * https://example.gov/payments, the proxy taking /payments off), the number's
 * webhook is https://example.gov/payments/phone/voice. The line's answers
 * named their next webhook from the host's root (/phone/voice?city=&seq=),
 * which the provider resolves to https://example.gov/phone/voice: past the
 * proxy's path, so every call broke after its first answer. The actions now
 * carry the public URL's path.
 */

const PREFIX = '/payments';
let proxy: Server;
let platform: TestPlatform;
let gatewayPort = 0;

beforeAll(async () => {
  // A proxy serving the platform under /payments only, as a city's web server would.
  proxy = createServer((req, res) => {
    if (!req.url?.startsWith(`${PREFIX}/`)) return void res.writeHead(404).end('Not Found');
    const forwarded = request({ port: gatewayPort, host: '127.0.0.1', method: req.method, path: req.url.slice(PREFIX.length), headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${PREFIX}`;
  platform = await startTestPlatform({ phone: { publicUrl } });
  gatewayPort = platform.gateway.port;
}, 120_000);
afterAll(async () => {
  await platform.close();
  await new Promise((resolve) => proxy.close(resolve));
});

it('keeps a call behind a proxy that serves the platform under a path, from the first webhook to the receipt', async () => {
  const call = new PhoneCall(platform, NORWALK_LINE);
  call.base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${PREFIX}`;
  const welcome = await call.dial();
  expect(welcome.action).toMatch(new RegExp(`^${PREFIX}/phone/voice\\?city=norwalk&seq=1&nonce=[\\w-]+$`));
  expect((await call.press('1')).status).toBe(200);
  await call.press('10100100');
  await call.press('2');
  await call.press('2500');
  const card = await call.press('1');
  expect(card.pay).toBe(true);
  expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $25.00');
  expect((await call.press('1')).text).toContain('Thank you. Your payment of $25.00 was accepted.');
});

it('refuses a PHONE_PUBLIC_URL with a query or fragment at start, and takes one with a path, its trailing slash dropped', () => {
  expect(loadConfig({ PHONE_PUBLIC_URL: 'https://example.gov/payments/' }).phone.publicUrl).toBe('https://example.gov/payments');
  expect(() => loadConfig({ PHONE_PUBLIC_URL: 'https://example.gov/payments?city=norwalk' })).toThrow(/PHONE_PUBLIC_URL/);
  expect(() => loadConfig({ PHONE_PUBLIC_URL: 'https://example.gov/#payments' })).toThrow(/PHONE_PUBLIC_URL/);
});
