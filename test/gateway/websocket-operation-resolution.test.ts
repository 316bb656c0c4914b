import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import type WebSocket from 'ws';
import { rawSocket } from '../gateway/edge-api';

/*
 * The same malformed request over HTTP and over graphql-ws gets the same
 * typed error ("one vocabulary over both", websocket.ts). A document with
 * two operations and no operationName (or a name it does not have) is
 * answered over HTTP with Apollo's OPERATION_RESOLUTION_FAILURE and a
 * sentence that says what to send; over the socket, onSubscribe handed
 * graphql-ws a null operation, and graphql-ws answered its own
 * "Unable to identify operation", labelled GRAPHQL_VALIDATION_FAILED: a
 * client had two codes to handle for one mistake, and no word of the fix.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

/** The first message graphql-ws sends back for one operation on a fresh Norwalk socket. */
async function firstAnswer(payload: Record<string, unknown>): Promise<{ type: string; payload: unknown }> {
  const socket: WebSocket = await rawSocket(platform.client.wsUrl);
  try {
    const messages: { type: string; id?: string; payload: unknown }[] = [];
    const answered = new Promise<void>((resolve) =>
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(String(data)) as { type: string; id?: string; payload: unknown };
        messages.push(message);
        if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        if (message.id === '1') resolve();
      }),
    );
    socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk' } }));
    await answered;
    const { type, payload: answer } = messages.find((message) => message.id === '1')!;
    return { type, payload: answer };
  } finally {
    socket.terminate();
  }
}

const TWO_OPERATIONS = 'query A { tenant { name } } query B { tenant { slug } }';

describe('an operation the document does not single out', () => {
  it.each([
    ['no operationName for a document with two operations', { query: TWO_OPERATIONS }],
    ['an operationName the document does not have', { query: TWO_OPERATIONS, operationName: 'Z' }],
  ])('%s: the socket answers with the code and message HTTP gives', async (_label, payload) => {
    // The HTTP answer for the same request (operationName included), as a client reads it.
    const http = await fetch(platform.client.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' },
      body: JSON.stringify(payload),
    }).then((response) => response.json() as Promise<{ errors: { message: string; extensions: { code: string } }[] }>);
    expect(http.errors[0]!.extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');

    const ws = await firstAnswer(payload);
    expect(ws.type).toBe('error');
    expect((ws.payload as { message: string; extensions: { code: string } }[]).map(({ message, extensions }) => ({ message, code: extensions.code }))).toEqual(
      http.errors.map(({ message, extensions }) => ({ message, code: extensions.code })),
    );
  });
});
