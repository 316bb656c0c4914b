import { graphql } from '../../gql';

/* The disconnection list's GraphQL: the accounts the sweep flagged, a page at a time. */

export const DisconnectionListDocument = graphql(`
  query ConsoleDisconnectionList($first: Int!, $after: String) {
    serviceAccounts(status: DISCONNECT_ELIGIBLE, first: $first, after: $after) {
      edges {
        node {
          id
          accountNumber
          customerName
          serviceAddress {
            line1
            line2
          }
          disconnectionStanding {
            servicePastDue {
              formatted
            }
            daysPastDue
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);
