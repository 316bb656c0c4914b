import { graphql } from '../gql';

/** Restoration requests as they open, become approvable and close. */
export const RestorationQueueDocument = graphql(`
  subscription RestorationQueue($after: String) {
    restorationRequests(after: $after) {
      cursor
      occurredAt
      serviceAccountId
      accountNumber
      to
      reason
      approvable
      blockedBy
      payment {
        id
        confirmationNumber
        status
        statusLabel
        total {
          formatted
        }
      }
    }
  }
`);

export const ApproveRestorationDocument = graphql(`
  mutation ApproveRestoration($serviceAccountId: UUID!) {
    approveRestoration(serviceAccountId: $serviceAccountId) {
      ...AccountStatusAnswer
    }
  }
`);

/** A cursor of the restoration feed as the page opens: later events are requests arriving while it is open. */
export const RestorationQueueHeadDocument = graphql(`
  query RestorationQueueHead {
    restorationRequestsHead
  }
`);
