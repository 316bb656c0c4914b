import { graphql } from '../gql';

/** What the guest payment needs of the city: how it proves accounts, what it takes, where its hosted form is. */
export const GuestPayOptionsDocument = graphql(`
  query GuestPayOptions {
    tenant {
      slug
      accountNumberExample
      paymentRules {
        verificationMode
        payableKinds
      }
      payments {
        ...HostedForm
        maxPayment {
          cents
          formatted
        }
      }
    }
  }
`);

/** The convenience fee makePayment adds to a payment of `amount` (dollars, "100.00"): zero where the city charges none. */
export const ConvenienceFeeDocument = graphql(`
  query PortalConvenienceFee($amount: String!) {
    tenant {
      slug
      payments {
        convenienceFeeFor(amount: $amount) {
          cents
          formatted
        }
      }
    }
  }
`);

export const LookupAccountDocument = graphql(`
  mutation PortalLookupAccount($input: LookupAccountInput!) {
    lookupAccount(input: $input) {
      account {
        serviceAccountId
        accountNumber
        maskedName
        maskedAddress
        status
        dueDate
        amountDue {
          cents
          amount
          formatted
        }
        pastDueNow {
          cents
          formatted
        }
        pendingPayments {
          cents
          formatted
        }
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const LookupPayableDocument = graphql(`
  mutation PortalLookupPayable($input: LookupPayableInput!) {
    lookupPayable(input: $input) {
      payable {
        payableId
        kind
        referenceNumber
        description
        maskedName
        dueDate
        amountDue {
          cents
          amount
          formatted
        }
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const MakeGuestPaymentDocument = graphql(`
  mutation PortalMakePayment($input: MakePaymentInput!) {
    makePayment(input: $input) {
      payment {
        id
        confirmationNumber
        status
        declineCode
      }
      receiptToken
      userErrors {
        ...Problem
      }
    }
  }
`);

/** What a payment charged in all and what refunds gave back of it, in exact cents and as shown (netOfRefunds reads both). */
// Spread by name in the receipt, the resident's history and the staff account's payments; codegen reads this call, nothing at run time does.
graphql(`
  fragment ChargedAndRefunded on Payment {
    total {
      cents
      formatted
    }
    refunded {
      cents
      formatted
    }
  }
`);

/** What a page needs to open the city's hosted card and bank form: where it is and what it takes. */
// Spread by name in the guest's and the signed-in resident's city options; codegen reads this call, nothing at run time does.
graphql(`
  fragment HostedForm on PaymentOptions {
    hostedFieldsUrl
    acceptedCardBrands
    echeckAccepted
  }
`);

/** What a receipt shows of a payment (a guest's, or a registered resident's own). */
// Spread by name in the receipt queries (the guest's below, the registered resident's); codegen reads this call, nothing at run time does.
graphql(`
  fragment ReceiptPayment on Payment {
    id
    confirmationNumber
    status
    statusLabel
    madeAt
    expectedPostingDate
    amount {
      formatted
    }
    convenienceFee {
      cents
      formatted
    }
    ...ChargedAndRefunded
    returnCode
    settledAt
    method {
      label
      kind
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
  }
`);

export const GuestReceiptDocument = graphql(`
  query PortalGuestReceipt($confirmationNumber: String!, $receiptToken: String!) {
    paymentByConfirmation(confirmationNumber: $confirmationNumber, receiptToken: $receiptToken) {
      ...ReceiptPayment
      restorations {
        maskedAccountNumber
        progress
      }
    }
  }
`);

export const GuestPaymentUpdatedDocument = graphql(`
  subscription PortalPaymentUpdated($confirmationNumber: String!, $receiptToken: String!) {
    paymentUpdated(confirmationNumber: $confirmationNumber, receiptToken: $receiptToken) {
      cursor
      status
      statusLabel
    }
  }
`);
