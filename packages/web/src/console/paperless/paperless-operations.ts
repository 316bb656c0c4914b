import { graphql } from '../../gql';

/* The paperless page's GraphQL: the counts, the accounts not printed a page at a time, and their numbers as CSV. */

export const PaperlessListDocument = graphql(`
  query ConsolePaperlessList($first: Int!, $after: String) {
    paperlessReport {
      offered
      accountsPaperless
      holdersPaperless
      choicesNotInForce
    }
    paperlessAccounts(first: $first, after: $after) {
      edges {
        node {
          accountNumber
          holders
          since
          serviceAccount {
            id
            customerName
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const PaperlessCsvDocument = graphql(`
  query ConsolePaperlessCsv {
    paperlessAccountsCsv
  }
`);
