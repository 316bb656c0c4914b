import { graphql } from '../../gql';

/* The GraphQL operations of the blocked bank accounts page. */

export const BlockedBankAccountsDocument = graphql(`
  query ConsoleBlockedBankAccounts($first: Int!, $after: String) {
    blockedBankAccounts(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          last4
          blockedBecause
          description
          blockedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const LiftBankAccountBlockDocument = graphql(`
  mutation ConsoleLiftBankAccountBlock($input: LiftBankAccountBlockInput!) {
    liftBankAccountBlock(input: $input) {
      bankAccount {
        id
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
