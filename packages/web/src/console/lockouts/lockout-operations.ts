import { graphql } from '../../gql';

/* The GraphQL operations of the lockouts page. */

graphql(`
  fragment LockoutShown on Lockout {
    reason
    description
    attempts
    limit
    lockedOut
    liftsAt
  }
`);

export const AccountLockoutsDocument = graphql(`
  query ConsoleAccountLockouts($search: String!) {
    serviceAccounts(search: $search, first: 5) {
      edges {
        node {
          id
          accountNumber
          lockouts {
            ...LockoutShown
          }
        }
      }
    }
  }
`);

export const FindResidentsDocument = graphql(`
  query ConsoleFindResidents($search: String!, $first: Int!, $after: String) {
    residents(search: $search, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          email
          emailVerified
          pendingEmail
          username
          phone
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const UserLockoutsDocument = graphql(`
  query ConsoleUserLockouts($identifier: String!) {
    userBySignIn(identifier: $identifier) {
      id
      name
      lockouts {
        ...LockoutShown
      }
    }
  }
`);

export const ClearAccountLockoutsDocument = graphql(`
  mutation ConsoleClearAccountLockouts($input: ClearAccountLockoutsInput!) {
    clearAccountLockouts(input: $input) {
      cleared {
        reason
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const ClearUserLockoutsDocument = graphql(`
  mutation ConsoleClearUserLockouts($input: ClearUserLockoutsInput!) {
    clearUserLockouts(input: $input) {
      cleared {
        reason
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const CloseResidentAccountDocument = graphql(`
  mutation ConsoleCloseResidentAccount($input: CloseResidentAccountInput!) {
    closeResidentAccount(input: $input) {
      user {
        id
        closedAt
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
