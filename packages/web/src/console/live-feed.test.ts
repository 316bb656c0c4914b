import { parse } from 'graphql';
import type { Client, Sink } from 'graphql-ws';
import { followFeed } from './live-feed';

/*
 * The restart logic of a followed feed, against a client that answers as
 * graphql-ws 6 does when the server refuses a subscription with errors: the
 * errors go to `next`, and disposing the subscription afterwards completes
 * it. (The feed itself, against the gateway, is tested in test/subscriptions
 * and the console's browser tests.)
 */

interface Subscribed {
  readonly after: string | null;
  done: boolean;
  readonly sink: Sink<unknown>;
}

function scriptedClient() {
  const subscriptions: Subscribed[] = [];
  const client = {
    subscribe(payload: { variables: { after: string | null } }, sink: Sink<unknown>) {
      const subscribed: Subscribed = { after: payload.variables.after, done: false, sink };
      subscriptions.push(subscribed);
      return () => {
        if (subscribed.done) return;
        subscribed.done = true;
        void Promise.resolve().then(() => sink.complete());
      };
    },
    terminate() {},
  } as unknown as Client;
  return { client, subscriptions, running: () => subscriptions.filter((s) => !s.done) };
}

const FEED = parse('subscription Feed($after: String) { paymentFeed(after: $after) { cursor } }');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('starts a feed refused INVALID_CURSOR again once, from where it was opened, and leaves nothing running once stopped (found by review: twice, one never stopped)', async () => {
  const scripted = scriptedClient();
  const seen: string[] = [];
  const stop = followFeed(scripted.client, FEED as never, {}, '0', (data: { paymentFeed: { cursor: string } }) => data.paymentFeed, { onEvent: (event) => seen.push(event.cursor) });
  const [first] = scripted.subscriptions;
  first!.sink.next({ data: { paymentFeed: { cursor: '184467440737095516170' } } });
  // The database was restored since: the gateway never gave out that cursor.
  first!.sink.next({ errors: [{ message: 'The cursor is not one this feed gave out.', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } }] });
  // The first retry waits at most a second, a second one at most two.
  await sleep(2_100);
  const running = scripted.running();
  stop();
  await sleep(10);

  expect({ seen, restartedFrom: running.map((s) => s.after), leftRunning: scripted.running().length }).toEqual({
    seen: ['184467440737095516170'],
    restartedFrom: ['0'],
    leftRunning: 0,
  });
});
