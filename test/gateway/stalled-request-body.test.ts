import { request } from 'node:http';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * A request whose body stops arriving part-way (a phone that lost its signal mid-upload, or a client that opens a
 * request and trickles nothing more) is answered 408 once nothing has arrived for the silence limit (30 s; 0.5 s here),
 * on a connection then closed, on the API and on the webhooks alike. It held its connection, and a pending read, for
 * as long as the client kept the socket open. A slow upload that keeps arriving is read to its end.
 */

const SILENCE_MS = 500;
let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false, requestBodySilenceMs: SILENCE_MS });
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

const ROUTES: readonly { readonly path: string; readonly headers: Record<string, string>; readonly start: string }[] = [
  { path: '/graphql', headers: { 'x-tenant': 'norwalk', 'content-type': 'application/json' }, start: '{"query":"{ tena' },
  { path: '/phone/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, start: 'CallSid=CA1&Bo' },
];

/** A POST announcing 200 bytes that sends `start` and nothing more: its answer, once the gateway gives one. */
function stalledPost(path: string, headers: Record<string, string>, start: string): Promise<{ status: number; connection: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-length': '200' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.write(start);
  });
}

it.each(ROUTES)('a body that stops arriving on $path is answered 408 after the silence limit, and its connection closed', async ({ path, headers, start }) => {
  const started = Date.now();
  expect(await stalledPost(path, headers, start)).toEqual({
    status: 408,
    connection: 'close',
    body: { errors: [{ message: 'Request body not received: nothing arrived for 0.5 s', extensions: { code: 'BAD_REQUEST' } }] },
  });
  expect(Date.now() - started).toBeGreaterThanOrEqual(SILENCE_MS);
});

it('a body that arrives slowly, each piece within the silence limit, is read to its end', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    void (async () => {
      // Four pieces 300 ms apart: 1.2 s in all, more than twice the silence limit.
      for (const piece of [body.slice(0, 5), body.slice(5, 10), body.slice(10, 15), body.slice(15)]) {
        await new Promise((wait) => setTimeout(wait, 300));
        req.write(piece);
      }
      req.end();
    })();
  });
  expect(await answered).toEqual({ status: 200, body: '{"data":{"__typename":"Query"}}\n' });
});
