import { graphql } from '../gql';

/** Refunds and voids as they are sent for approval, approved, declined and expired. */
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
      requester {
        name
        email
      }
      requestedAt
      expiresAt
      mine
    }
  }
`);

/** A cursor of the approvals feed as the page opens, the city's threshold and time for a decision, and the clock that decides it. */
export const ApprovalQueueSetupDocument = graphql(`
  query ApprovalQueueSetup {
    givingBackApprovalsHead
    platformTime
    tenant {
      slug
      paymentRules {
        refundApprovalThreshold {
          formatted
        }
        approvalExpiryDays
      }
    }
  }
`);

/** What an approval or a decline answers: the request as it now stands, or why not. */
// Spread by name in the two mutations; codegen reads this call, nothing at run time does.
graphql(`
  fragment GivingBackDecisionAnswer on GivingBackDecisionPayload {
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
`);

export const ApproveGivingBackDocument = graphql(`
  mutation ApproveGivingBack($input: GivingBackDecisionInput!) {
    approveGivingBack(input: $input) {
      ...GivingBackDecisionAnswer
    }
  }
`);

export const DeclineGivingBackDocument = graphql(`
  mutation DeclineGivingBack($input: GivingBackDecisionInput!) {
    declineGivingBack(input: $input) {
      ...GivingBackDecisionAnswer
    }
  }
`);
