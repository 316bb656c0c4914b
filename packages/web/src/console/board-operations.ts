import { graphql } from '../gql';

/*
 * The board's feed: every payment event of the city. `payment` is read per
 * event for what the event lacks (method, accounts, when it was made).
 */
export const BoardFeedDocument = graphql(`
  subscription BoardFeed($after: String) {
    paymentFeed(after: $after) {
      cursor
      paymentId
      confirmationNumber
      status
      statusLabel
      occurredAt
      total {
        formatted
      }
      payment {
        madeAt
        method {
          kind
          brand
          last4
        }
        allocations {
          maskedAccountNumber
        }
      }
    }
  }
`);

/** A payment's whole story, for its detail drawer. */
export const BoardPaymentDocument = graphql(`
  query BoardPayment($id: UUID!) {
    payment(id: $id) {
      id
      confirmationNumber
      status
      statusLabel
      madeAt
      postedAt
      expectedPostingDate
      declineCode
      returnCode
      amount {
        formatted
      }
      convenienceFee {
        formatted
      }
      total {
        formatted
      }
      refunded {
        formatted
      }
      method {
        kind
        brand
        last4
      }
      allocations {
        maskedAccountNumber
        amount {
          formatted
        }
        payable {
          kind
          referenceNumber
        }
      }
      history {
        fromStatus
        toStatus
        actor
        reason
        occurredAt
      }
      operations {
        id
        kind
        status
        amount {
          formatted
        }
        reason
        actor
        createdAt
      }
    }
  }
`);
