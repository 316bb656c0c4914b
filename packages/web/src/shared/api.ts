import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { graphql } from '../gql';
import type { Locale } from './i18n/translate';
import { reconnectDelayMs, shouldReconnect } from './live-retry';
import { browserLanguages } from './locale';
import { pageLanguageLink } from './page-language-link';
import { TENANT_TYPE_POLICIES } from './page-tenant';

export interface ApiOptions {
  /** The city slug, sent as `x-tenant` and `connectionParams.tenant`. */
  readonly tenant: string;
  /** The page's language now (sent as Accept-Language, so server messages match the page); null: the browser's languages. */
  readonly locale: () => Locale | null;
  /** A current access token, refreshed first if it is about to expire; null when signed out. */
  readonly accessToken?: () => Promise<string | null>;
}

export interface Api {
  readonly client: ApolloClient;
  /** The graphql-ws client behind subscriptions (lazy: it connects on the first subscription). */
  readonly live: WsClient;
}

/**
 * Apollo Client for a page: queries and mutations over HTTP POST to
 * /graphql, subscriptions over graphql-ws on the same path, both naming the
 * city and carrying the session's access token.
 */
export function createApi(options: ApiOptions): Api {
  const acceptLanguage = () => options.locale() ?? browserLanguages().join(', ');
  const http = new HttpLink({ uri: '/graphql', headers: { accept: 'application/graphql-response+json, application/json' } });
  const headers = new SetContextLink(async (previous) => {
    // Sign-in and the refresh itself go without a token (and must not wait for a refresh: that one is them).
    const anonymous = (previous as { anonymous?: boolean }).anonymous === true;
    const token = options.accessToken && !anonymous ? await options.accessToken() : null;
    return {
      headers: {
        ...(previous.headers as Record<string, string> | undefined),
        'x-tenant': options.tenant,
        'accept-language': acceptLanguage(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    };
  });
  const live = createClient({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    // Called at every (re)connect, so a refreshed token is used from then on.
    connectionParams: async () => {
      const token = options.accessToken ? await options.accessToken() : null;
      return { tenant: options.tenant, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    },
    retryAttempts: Infinity,
    shouldRetry: shouldReconnect,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries, Math.random()))),
  });
  const link = ApolloLink.split(({ query }) => isSubscriptionOperation(query), new GraphQLWsLink(live), ApolloLink.from([pageLanguageLink(acceptLanguage), headers, http]));
  return { client: new ApolloClient({ link, cache: new InMemoryCache({ typePolicies: TENANT_TYPE_POLICIES }) }), live };
}

/** The `extensions.code` of a failed operation (GraphQL errors, or an HTTP error's JSON body), if any. */
export function errorCode(error: unknown): string | null {
  if (CombinedGraphQLErrors.is(error)) return codeOf(error.errors[0]);
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: unknown[] };
      return codeOf(body.errors?.[0]);
    } catch {
      return null;
    }
  }
  return null;
}

/** The first error's message as the server wrote it (already in the request's language), if any. */
export function errorMessage(error: unknown): string | null {
  if (CombinedGraphQLErrors.is(error)) return error.errors[0]?.message ?? null;
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message?: unknown }[] };
      const message = body.errors?.[0]?.message;
      return typeof message === 'string' ? message : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The first error's `extensions.field`, the argument an API refusal names (e.g. "to"), if any. */
export function errorField(error: unknown): string | null {
  const field = CombinedGraphQLErrors.is(error) ? (error.errors[0]?.extensions as { field?: unknown } | undefined)?.field : undefined;
  return typeof field === 'string' ? field : null;
}

function codeOf(error: unknown): string | null {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** What every mutation's `userErrors` answers: the problem's code, the path into the arguments, and the message to show. */
// Spread by name (`...Problem`) in the mutations the pages send; codegen reads this call, nothing at run time does.
graphql(`
  fragment Problem on UserError {
    field
    code
    message
  }
`);

/** What a list fetched a page at a time reads to ask for the next page (`after: endCursor`) while there is one. */
// Spread by name (`...NextPage`) in every paged query; codegen reads this call, nothing at run time does.
graphql(`
  fragment NextPage on PageInfo {
    hasNextPage
    endCursor
  }
`);
