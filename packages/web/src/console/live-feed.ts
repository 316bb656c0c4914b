import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { reconnectDelayMs, resumeCursor } from '../shared/live-retry';

/*
 * A city's event feed (paymentFeed, restorationRequests) followed with its
 * `after` cursor, so a dropped connection shows neither a gap nor a
 * duplicate. Two things can end the flow of events:
 * - the socket closes (network, a restarting gateway): graphql-ws reconnects
 *   and sends the same subscribe message again. The message's `after` is a
 *   getter, so what it sends then is the last cursor seen, not the first;
 * - the server ends the subscription (e.g. the access token it was opened
 *   with expired before a refresh reached this socket): it starts again on a
 *   fresh connection, whose connectionParams carry the refreshed token.
 * Resumed after the last cursor, the server sends only what came after it.
 * A cursor it no longer takes (INVALID_CURSOR: its database was restored)
 * starts the feed again from where it first started, so a page's state must
 * take an event it has seen again as nothing new.
 */

/** An event of a feed: its cursor is opaque (the server seals it), to be handed back, never compared. */
export interface FeedEvent {
  readonly cursor: string;
}

/** The `after` that replays a feed from the city's first event. */
export const FROM_THE_START = '0';

export interface FeedHandlers<TEvent> {
  onEvent(event: TEvent): void;
}

/**
 * Follows `document` from `after` (null: live only; FROM_THE_START: everything) until
 * the returned function is called. `pick` takes the event out of a result.
 */
export function followFeed<TData, TVariables extends { after?: string | null }, TEvent extends FeedEvent>(
  live: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, 'after'>,
  after: string | null,
  pick: (data: TData) => TEvent | null | undefined,
  handlers: FeedHandlers<TEvent>,
): () => void {
  const query = print(document);
  let last = after;
  let stopped = false;
  let failures = 0;
  let dispose: () => void = () => undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const restart = (freshConnection: boolean) => {
    dispose();
    if (stopped) return;
    retry = setTimeout(
      () => {
        // The socket this subscription ran on carries the token it opened with: reconnect so the next one carries a fresh token.
        if (freshConnection) live.terminate();
        start();
      },
      reconnectDelayMs(failures++, Math.random()),
    );
  };

  function start() {
    // Read when graphql-ws (re)sends the message, so a reconnect resumes from the last cursor seen.
    const resumable = {
      ...variables,
      get after() {
        return last;
      },
    };
    // Each subscription restarts the feed once: graphql-ws completes one the server answered with errors after `next`
    // has seen them, and a second restart would leave a subscription that stopping the feed never disposes.
    let ended = false;
    const end = (freshConnection: boolean) => {
      if (ended) return;
      ended = true;
      restart(freshConnection);
    };
    dispose = live.subscribe<TData>(
      { query, variables: resumable },
      {
        next(result) {
          if (result.errors?.length) {
            last = resumeCursor(result.errors, last, after);
            return end(true);
          }
          const event = result.data ? pick(result.data) : null;
          if (!event) return;
          last = event.cursor;
          failures = 0;
          handlers.onEvent(event);
        },
        // GraphQL errors (an array): the server ended it, e.g. the session's token expired. A close event: graphql-ws gave up on the socket.
        error: (error) => end(Array.isArray(error)),
        complete: () => end(false),
      },
    );
  }

  start();
  return () => {
    stopped = true;
    clearTimeout(retry);
    dispose();
  };
}
