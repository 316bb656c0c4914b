import { ApolloLink } from '@apollo/client';
import { OperationTypeNode } from 'graphql';
import { Observable, type Subscription } from 'rxjs';

/**
 * Answers a query only in the language the page is in when the answer comes (`language()`, as sent in
 * Accept-Language): an answer to a query sent before a switch of language is dropped and the query sent again, so the
 * server's sentences (memos, statuses, fees) never arrive in the language the page has left. Apollo Client shares a
 * query on its way with an identical one asked meanwhile (the switch's refetch, a page opened since) whatever its
 * headers, and a refetch does not end the fetch it follows, whose answer would be written over the new one. Goes before
 * the link that sets the headers, so a query sent again carries the new language. Mutations go once, as sent.
 */
export function pageLanguageLink(language: () => string): ApolloLink {
  return new ApolloLink((operation, forward) => {
    if (operation.operationType !== OperationTypeNode.QUERY) return forward(operation);
    return new Observable<ApolloLink.Result>((observer) => {
      let current: Subscription | undefined;
      const send = () => {
        const askedIn = language();
        /** True when the page has changed language since this was sent: then it goes again, and what came is dropped. */
        const stale = () => {
          if (language() === askedIn) return false;
          current?.unsubscribe();
          send();
          return true;
        };
        current = forward(operation).subscribe({
          next(result) {
            if (!stale()) observer.next(result);
          },
          error(error: unknown) {
            if (!stale()) observer.error(error);
          },
          // Only the query sent last completes: one sent again was unsubscribed first.
          complete: () => observer.complete(),
        });
      };
      send();
      return () => current?.unsubscribe();
    });
  });
}
