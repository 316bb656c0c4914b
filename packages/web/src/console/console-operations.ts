import { graphql } from '../gql';

export const SignInDocument = graphql(`
  mutation ConsoleSignIn($input: LoginInput!) {
    login(input: $input) {
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
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const RefreshDocument = graphql(`
  mutation ConsoleRefresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
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
  mutation ConsoleSignOut($refreshToken: String) {
    logout(refreshToken: $refreshToken) {
      userErrors {
        code
      }
    }
  }
`);
