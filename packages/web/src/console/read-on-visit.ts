/**
 * How the console reads what others change while the clerk looks elsewhere (a resident's payment, another clerk's
 * refund, an autopay run, a sign-in): from the server each time a page opens, showing what the cache holds until the
 * answer comes. Read cache-first, a page opened again (from the search, with Back) showed the account, log or run as it
 * was first read, a payment the board had just shown missing from it. Later writes to the cache (Load more, what an
 * action answered) show without reading again.
 */
export const READ_ON_VISIT = { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' } as const;
