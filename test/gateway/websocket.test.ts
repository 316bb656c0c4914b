import { CLOSE_UNKNOWN_TENANT } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { rawHttp } from './edge-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('graphql-ws on /graphql', () => {
  it('takes the tenant from connectionParams', async () => {
    for (const [slug, name] of [
      ['norwalk', 'City of Norwalk'],
      ['norman', 'City of Norman'],
    ]) {
      const socket = platform.client.asTenant(slug!).openSocket();
      try {
        expect(await socket.collect('{ tenant { name } }')).toEqual([{ data: { tenant: { name } } }]);
      } finally {
        await socket.close();
      }
    }
  });

  it('closes a connection that names an unknown tenant, saying why', async () => {
    const socket = platform.client.asTenant('gotham').openSocket();
    await expect(socket.collect('{ tenant { name } }')).rejects.toBeDefined();
    expect(socket.closes[0]).toEqual({ code: CLOSE_UNKNOWN_TENANT, reason: 'TENANT_NOT_FOUND: No city called "gotham" uses this service.' });
    await socket.close();
  });

  it('quotes an unknown tenant back in printable ASCII only: a NUL or a right-to-left override is a "?", in the close reason and over HTTP', async () => {
    // It echoed the slug as sent, into a reason clients show: text refused everywhere else came back from the platform.
    for (const [slug, shown] of [
      ['norwalk\u0000', 'norwalk?'],
      ['\u202eklawron', '?klawron'],
    ]) {
      const socket = platform.client.asTenant(slug!).openSocket();
      await expect(socket.collect('{ tenant { name } }')).rejects.toBeDefined();
      expect(socket.closes[0]).toEqual({ code: CLOSE_UNKNOWN_TENANT, reason: `TENANT_NOT_FOUND: No city called "${shown}" uses this service.` });
      await socket.close();
    }
    // A header carries no NUL, but does carry bytes 0x80-0xFF: here U+009B (a terminal's control sequence
    // introducer) as UTF-8, two bytes the server reads as two characters.
    const body = JSON.stringify({ query: '{ tenant { name } }' });
    const request = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Tenant: gotham\x9b2J\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    const answer = await rawHttp(platform.client.httpUrl, request);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
    expect(answer).toContain('No city called \\"gotham??2j\\" uses this service.');
  });

  it('refuses an upgrade whose target the URL parser refuses (`//`, `/\\`...) with 400, and carries on', async () => {
    // Unanswered, such an upgrade threw in the server's upgrade listener: the end of the process.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      for (const target of ['//', '//a:b', '/\\']) {
        const upgrade = `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
        expect([target, (await rawHttp(platform.client.httpUrl, upgrade)).split('\r\n')[0]]).toEqual([target, 'HTTP/1.1 400 Bad Request']);
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      expect(await socket.collect('{ tenant { slug } }')).toEqual([{ data: { tenant: { slug: 'norwalk' } } }]);
    } finally {
      await socket.close();
    }
  });

  it('gives typed errors, not stack traces, over the socket', async () => {
    const socket = platform.client.openSocket();
    try {
      const [result] = await socket.collect('{ tenant { name } }');
      expect(result?.errors?.[0]?.extensions).toEqual({ code: 'TENANT_REQUIRED' });
    } finally {
      await socket.close();
    }
  });
});
