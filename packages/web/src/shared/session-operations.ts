import { graphql } from '../gql';
import type { Api } from './api';
import type { SessionStore } from './session-store';

/* Sign-in, refresh and sign-out, shared by the console and the portal (each keeps its own SessionStore). */

/** What signing in (or registering) answers: the session to keep, who it is, or why not. */
// Spread by name in SignIn and the portal's registration; codegen reads this call, nothing at run time does.
graphql(`
  fragment SignedIn on AuthPayload {
    session {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
    }
    user {
      id
      name
      email
      username
      roles
      locale
    }
    userErrors {
      ...Problem
    }
  }
`);

export const SignInDocument = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      ...SignedIn
    }
  }
`);

const RefreshDocument = graphql(`
  mutation RefreshSession($refreshToken: String!, $extend: Boolean!) {
    refreshSession(refreshToken: $refreshToken, extend: $extend) {
      session {
        accessToken
        accessTokenExpiresAt
        refreshToken
        refreshTokenExpiresAt
      }
      userErrors {
        code
      }
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut($refreshToken: String) {
    logout(refreshToken: $refreshToken) {
      userErrors {
        code
      }
    }
  }
`);

/** Ends every session of the signed-in person, this one included (every device). */
export const SignOutEverywhereDocument = graphql(`
  mutation SignOutEverywhere {
    logoutEverywhere {
      userErrors {
        code
      }
    }
  }
`);

export const ResetPasswordDocument = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      userErrors {
        ...Problem
      }
    }
  }
`);

/** Lets the store refresh through this API client (without a token: the refresh is what gets one). */
export function refreshThrough(sessions: SessionStore, api: Api): void {
  sessions.useRefresher(async (refreshToken, extend) => {
    const { data } = await api.client.mutate({ mutation: RefreshDocument, variables: { refreshToken, extend }, context: { anonymous: true } });
    return data?.refreshSession.session ?? 'ENDED';
  });
}
