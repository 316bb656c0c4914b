import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useEffect, useRef, useState } from 'react';
import { useLive } from './live-context';
import { FROM_THE_START, followFeed, type FeedEvent } from './live-feed';
import { ReplayEnd } from './replay-end';

/** What a page's live queue is made of: its feed, how an event changes the queue, and which events open a request. */
export interface LiveQueueFeed<TData, TVariables extends { after?: string | null }, TEvent extends FeedEvent, TQueue> {
  readonly subscription: TypedDocumentNode<TData, TVariables>;
  readonly variables: Omit<TVariables, 'after'>;
  readonly pick: (data: TData) => TEvent;
  /** The feed's head as the page opens (the cursor of its last event then), or null for none; a failure counts as none. */
  readonly head: () => Promise<string | null>;
  readonly empty: TQueue;
  readonly apply: (queue: TQueue, event: TEvent) => TQueue;
  /** Whether `event` opens a request `queue` does not hold yet: said as new once the replay is over. */
  readonly opens: (queue: TQueue, event: TEvent) => boolean;
}

/**
 * A queue of requests staff act on (restorations, approvals), followed live from its feed's start: the feed replays
 * every request still open, then goes on live. `arrived` is the latest request to open after the replay, with a count
 * so the same words said twice are announced twice.
 */
export function useLiveQueue<TData, TVariables extends { after?: string | null }, TEvent extends FeedEvent, TQueue>(
  feed: LiveQueueFeed<TData, TVariables, TEvent, TQueue>,
): { readonly queue: TQueue; readonly arrived: { readonly event: TEvent; readonly n: number } | null } {
  const live = useLive();
  const [queue, setQueue] = useState<TQueue>(feed.empty);
  const [arrived, setArrived] = useState<{ event: TEvent; n: number } | null>(null);
  // The feed is followed once per connection: the page's callbacks, new each render, are read as they are then.
  const latest = useRef(feed);
  latest.current = feed;

  useEffect(() => {
    const { subscription, variables, pick, head, empty } = latest.current;
    let current = empty;
    const replay = new ReplayEnd();
    head().then(
      (cursor) => replay.headIs(cursor),
      () => replay.headIs(null),
    );
    return followFeed(live.client, subscription, variables, FROM_THE_START, pick, {
      onEvent(event) {
        const opens = latest.current.opens(current, event);
        current = latest.current.apply(current, event);
        setQueue(current);
        if (opens && replay.isOver) setArrived((previous) => ({ event, n: (previous?.n ?? 0) + 1 }));
        replay.seen(event.cursor);
      },
    });
  }, [live]);

  return { queue, arrived };
}
