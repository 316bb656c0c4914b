import { graphql } from '../gql';

/** Refunds and voids as they are sent for approval, approved and declined. */
export const ApprovalQueueDocument = graphql(`
  subscription ApprovalQueue($after: String) {
    givingBackApprovals(after: $after) {
      cursor
      id
      paymentId
      confirmationNumber
      kind
      status
      amount {
        formatted
      }
      reason
      requestedBy
      requestedAt
      mine
    }
  }
`);

/** A cursor of the approvals feed as the page opens, the city's threshold, and its staff's names. */
export const ApprovalQueueSetupDocument = graphql(`
  query ApprovalQueueSetup {
    givingBackApprovalsHead
    tenant {
      slug
      paymentRules {
        refundApprovalThreshold {
          formatted
        }
      }
    }
    staffUsers {
      id
      name
      email
      username
    }
  }
`);

export const ApproveGivingBackDocument = graphql(`
  mutation ApproveGivingBack($input: GivingBackDecisionInput!) {
    approveGivingBack(input: $input) {
      approval {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeclineGivingBackDocument = graphql(`
  mutation DeclineGivingBack($input: GivingBackDecisionInput!) {
    declineGivingBack(input: $input) {
      approval {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
