import { CLOSE_FLOODING, DEFAULT_WEBSOCKET_LIMITS } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { fragmentBomb, rawSocket } from './edge-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

/** A well-behaved client asking for its city over and over while `attack` runs; resolves with how many answers it got. */
async function answersDuring(attack: () => Promise<void>): Promise<number> {
  const norwalk = platform.client.asTenant('norwalk');
  let done = false;
  let answers = 0;
  const polling = (async () => {
    while (!done) {
      expect(await norwalk.data<{ tenant: { name: string } }>('{ tenant { name } }')).toEqual({ tenant: { name: 'City of Norwalk' } });
      answers++;
    }
  })();
  try {
    await attack();
  } finally {
    done = true;
    await polling;
  }
  return answers;
}

describe('attacks on the edge are refused while other clients keep getting answers', () => {
  it('the fragment bomb (each fragment spreads the next ten times, eight deep) is refused by the cost limit', async () => {
    const bomb = fragmentBomb(8);
    expect(bomb.length).toBeLessThan(1300);
    const answers = await answersDuring(async () => {
      const refused = await platform.client.asTenant('norwalk').request(bomb);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query Cost limit of \d+ exceeded, found \d+\.$/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    });
    expect(answers).toBeGreaterThan(0);
  });

  it("a guest's 1,000 subscriptions on one socket: past the limit each is refused, and a socket that keeps on is closed (1008)", async () => {
    const guest = platform.client.asTenant('norwalk');
    const { payment, receiptToken } = await pay(guest, {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
      token: await cardToken(platform),
      payerEmail: 'flood@example.com',
    });
    let closed: { code: number; reason: string } | null = null;
    const client = createClient({
      url: guest.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { tenant: 'norwalk' },
      on: { closed: (event) => (closed ??= { code: (event as { code: number }).code, reason: (event as { reason: string }).reason }) },
    });
    const outcomes: Promise<string>[] = [];
    const answers = await answersDuring(async () => {
      for (let i = 0; i < 1000; i++) {
        outcomes.push(
          new Promise((resolve) => {
            client.subscribe(
              {
                query: 'subscription S($c: String, $t: String) { paymentUpdated(confirmationNumber: $c, receiptToken: $t) { status } }',
                variables: { c: payment!.confirmationNumber, t: receiptToken },
              },
              { next: () => resolve('live'), error: () => resolve('ended'), complete: () => resolve('completed') },
            );
          }),
        );
      }
      await Promise.all(outcomes);
    });
    try {
      expect(closed).toEqual({
        code: CLOSE_FLOODING,
        reason: `RATE_LIMITED: This connection already runs ${DEFAULT_WEBSOCKET_LIMITS.maxOperationsPerSocket} operations. End one before starting another.`,
      });
      // Not one of them streams: the socket went with its subscriptions.
      expect(new Set(await Promise.all(outcomes))).toEqual(new Set(['ended']));
      expect(answers).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it('a 20 MB connection_init closes the socket (1009, as a 20 MB HTTP body gets 413)', async () => {
    const answers = await answersDuring(async () => {
      const socket = await rawSocket(platform.client.wsUrl);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk', pad: 'x'.repeat(20 * 1024 * 1024) } }));
      expect(await closed).toBe(1009);
    });
    expect(answers).toBeGreaterThan(0);
  });
});
