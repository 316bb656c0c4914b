import { graphql } from '../gql';

/*
 * The board's feed: every payment event of the city. Events carry what a row
 * shows (method, when it was made; the accounts on the first event), so the
 * board never asks for `payment` per event: a replay of thousands would
 * cost the server a look-up each.
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
      madeAt
      channel
      method {
        kind
        brand
        last4
        checkNumber
      }
      maskedAccountNumbers
    }
  }
`);

/** The cursor of the city's latest payment event when the board opens: the board's replay is over once it has shown it. */
export const BoardFeedHeadDocument = graphql(`
  query BoardFeedHead {
    paymentFeedHead
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
      dispute {
        status
        amount {
          formatted
        }
        fee {
          formatted
        }
        reasonLabel
        openedAt
        respondBy
        closedAt
      }
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
        checkNumber
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
        reasonLabel
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

/** The payment a payer's confirmation number names, read out on the phone or at the counter: found wherever it is in time. */
export const FindPaymentDocument = graphql(`
  query BoardFindPayment($number: String!) {
    payments(filter: { confirmationNumber: $number }, first: 1) {
      edges {
        node {
          id
          confirmationNumber
        }
      }
    }
  }
`);
