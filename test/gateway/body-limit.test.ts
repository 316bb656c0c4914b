import { DEFAULT_MAX_REQUEST_BYTES } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { rawHttp } from './edge-api';

/*
 * MAX_REQUEST_BYTES: "larger request bodies get 413" and, in http-handler.ts's own words, "A larger body is
 * refused with 413 before it is read whole". A client (or an attacker) that announces a body far past the
 * limit in Content-Length must be told 413 at once, not after the gateway has swallowed every byte it sends.
 */
let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

describe('request body limit', () => {
  it('answers 413 as soon as a body announced (Content-Length) past MAX_REQUEST_BYTES has passed the limit, without waiting for the rest', async () => {
    const announced = 200 * DEFAULT_MAX_REQUEST_BYTES; // a 1 GB upload
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant: norwalk\r\nContent-Type: application/json\r\nContent-Length: ${announced}\r\n\r\n`;
    // The first 5 MB and a bit of it: past the limit; the client would go on sending for minutes.
    const sent = `${head}{"query":"{ __typename }","variables":{"pad":"${'x'.repeat(DEFAULT_MAX_REQUEST_BYTES + 1000)}`;
    const answer = await rawHttp(base, sent, 3000);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });
});
