import { graphql } from '../../gql';

/* The accounts pages' GraphQL: search, the account page, and the staff actions on it. */

export const AccountSearchDocument = graphql(`
  query ConsoleAccountSearch($search: String!, $after: String) {
    serviceAccounts(search: $search, first: 20, after: $after) {
      edges {
        node {
          id
          accountNumber
          customerName
          status
          serviceAddress {
            line1
            line2
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const AccountPageDocument = graphql(`
  query ConsoleAccount($id: UUID!) {
    serviceAccount(id: $id) {
      id
      accountNumber
      customerName
      status
      restorationApprovable
      restorationBlockedBy
      openedOn
      closedOn
      serviceAddress {
        line1
        line2
        city
        region
        postalCode
      }
      balance {
        posted {
          formatted
        }
        pendingPayments {
          formatted
        }
        amountDueNow {
          formatted
        }
        pastDueNow {
          formatted
        }
        credit {
          formatted
        }
        daysPastDueNow
        nextDueDate
      }
      payables(first: 12) {
        id
        kind
        referenceNumber
        description
        issueDate
        dueDate
        total {
          formatted
        }
        amountOwed {
          formatted
        }
        lineItems {
          category
          description
          amount {
            formatted
          }
        }
      }
      openPayables {
        id
        kind
        referenceNumber
        description
        amountOwed {
          formatted
        }
      }
      statusHistory {
        fromStatus
        toStatus
        reason
        note
        actor
        occurredAt
      }
      linkedUsers {
        linkedAt
        user {
          id
          name
          email
          username
        }
      }
      autopay {
        status
        label
        maxAmount {
          formatted
        }
        nextDeductionDate
        suspendedReason
        method {
          id
          kind
          brand
          last4
        }
      }
    }
  }
`);

/** The account's ledger, newest first, a page at a time (LoadMore asks for the next with `after`). */
export const AccountLedgerDocument = graphql(`
  query ConsoleAccountLedger($id: UUID!, $after: String) {
    serviceAccount(id: $id) {
      id
      ledger(first: 50, after: $after) {
        edges {
          node {
            id
            kind
            amount {
              formatted
            }
            effectiveDate
            recordedAt
            memoLabel
          }
        }
        pageInfo {
          ...NextPage
        }
      }
    }
  }
`);

/** What a payment put on each account it paid, and what refunds gave back of it: the account page shows and refunds its own account's. */
// Spread by name (`...AccountShare`) in the payment queries below; codegen reads this call, nothing at run time does.
graphql(`
  fragment AccountShare on PaymentAllocation {
    serviceAccountId
    amount {
      cents
      formatted
    }
    refunded {
      cents
      formatted
    }
  }
`);

/** The account's payments, newest first, a page at a time (LoadMore asks for the next with `after`). */
export const AccountPaymentsDocument = graphql(`
  query ConsoleAccountPayments($id: UUID!, $after: String) {
    payments(filter: { serviceAccountId: $id }, first: 20, after: $after) {
      edges {
        node {
          id
          confirmationNumber
          madeAt
          status
          statusLabel
          refundable
          voidable
          checkReturnable
          givingBackBlockedBy
          ...ChargedAndRefunded
          allocations {
            ...AccountShare
          }
          method {
            kind
            brand
            last4
            checkNumber
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

/** Everything the account page shows from the API: what an action may have changed is read again from these. */
export const ACCOUNT_QUERIES = [AccountPageDocument, AccountPaymentsDocument, AccountLedgerDocument];

/** What a staff action on an account answers: the account's new status (the cache updates the page with it), or why not. */
// Spread by name in the disconnect and restore mutations, here and on the restorations page; codegen reads this call, nothing at run time does.
graphql(`
  fragment AccountStatusAnswer on ServiceAccountPayload {
    serviceAccount {
      id
      status
    }
    userErrors {
      ...Problem
    }
  }
`);

/** What a refund or a void answers: the payment's new status, or why not. */
// Spread by name in the refund and void mutations; codegen reads this call, nothing at run time does.
graphql(`
  fragment PaymentStatusAnswer on GivingBackPayload {
    payment {
      id
      status
    }
    approval {
      id
      status
    }
    userErrors {
      ...Problem
    }
  }
`);

export const RefundDocument = graphql(`
  mutation ConsoleRefund($input: RefundPaymentInput!) {
    refundPayment(input: $input) {
      ...PaymentStatusAnswer
    }
  }
`);

/** A payment as refunds change it: asked again when a refund's answer was lost, to show what was refunded before another attempt. */
export const RefundCheckDocument = graphql(`
  query ConsoleRefundCheck($id: UUID!) {
    payment(id: $id) {
      id
      statusLabel
      refundable
      ...ChargedAndRefunded
      allocations {
        ...AccountShare
      }
    }
  }
`);

export const VoidDocument = graphql(`
  mutation ConsoleVoid($input: VoidPaymentInput!) {
    voidPayment(input: $input) {
      ...PaymentStatusAnswer
    }
  }
`);

/** The fee a returned check adds to the account: the city's, said in the dialog before staff confirm. */
export const ReturnedPaymentFeeDocument = graphql(`
  query ConsoleReturnedPaymentFee {
    tenant {
      slug
      paymentRules {
        returnedPaymentFee {
          cents
          formatted
        }
      }
    }
  }
`);

export const ReturnedCheckDocument = graphql(`
  mutation ConsoleReturnedCheck($input: RecordReturnedCheckInput!) {
    recordReturnedCheck(input: $input) {
      payment {
        id
        status
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const MarkDisconnectedDocument = graphql(`
  mutation ConsoleMarkDisconnected($id: UUID!, $note: String!) {
    markAccountDisconnected(serviceAccountId: $id, note: $note) {
      ...AccountStatusAnswer
    }
  }
`);

export const ApproveRestorationDocument = graphql(`
  mutation ConsoleApproveRestoration($id: UUID!, $note: String!) {
    approveRestoration(serviceAccountId: $id, note: $note) {
      ...AccountStatusAnswer
    }
  }
`);

export const AdjustmentDocument = graphql(`
  mutation ConsoleAdjustment($input: AccountAdjustmentInput!) {
    recordAccountAdjustment(input: $input) {
      entry {
        id
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
