import { DEFAULT_MAX_REQUEST_BYTES } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { rawHttp } from './edge-api';

/*
 * MAX_REQUEST_BYTES: "larger request bodies get 413". A client (or an attacker) that announces a body far past the
 * limit in Content-Length, or streams one with no length, must be told 413 at once, not after the gateway has
 * swallowed every byte it sends: on the API and on the webhooks anyone may call (the phone line's, the texts'), whose
 * form is read before its signature can be checked.
 */
let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

const ROUTES = [
  { path: '/graphql', headers: 'X-Tenant: norwalk\r\nContent-Type: application/json\r\n', start: '{"query":"{ __typename }","variables":{"pad":"' },
  { path: '/phone/voice', headers: 'Content-Type: application/x-www-form-urlencoded\r\n', start: 'CallSid=CA1&Body=' },
];
// The first 5 MB and a bit: past the limit, where the client would go on sending for minutes.
const pastTheLimit = (start: string) => `${start}${'x'.repeat(DEFAULT_MAX_REQUEST_BYTES + 1000)}`;
const statusLine = (answer: string) => answer.split('\r\n')[0];

describe.each(ROUTES)('a body past the limit on $path', ({ path, headers, start }) => {
  it('is answered 413 as soon as its Content-Length announces it (a 1 GB upload)', async () => {
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Length: ${200 * DEFAULT_MAX_REQUEST_BYTES}\r\n\r\n`;
    expect(statusLine(await rawHttp(base, `${head}${pastTheLimit(start)}`, 3000))).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('is answered 413 as soon as the bytes read pass the limit, with no length announced', async () => {
    const body = pastTheLimit(start);
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Transfer-Encoding: chunked\r\n\r\n`;
    // One chunk and no last one: the upload has not ended.
    expect(statusLine(await rawHttp(base, `${head}${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n`, 3000))).toBe('HTTP/1.1 413 Payload Too Large');
  });
});
