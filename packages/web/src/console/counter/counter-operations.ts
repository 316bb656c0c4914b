import { graphql } from '../../gql';

/** Whether the city takes payments in person at all (a city setting). */
export const CounterSettingsDocument = graphql(`
  query CounterSettings {
    tenant {
      slug
      paymentRules {
        counterPaymentsAccepted
      }
    }
  }
`);

/** The signed-in clerk's drawer of today (the city's): closed, it takes no payment from them, which the page says on opening. */
export const CounterDrawerStateDocument = graphql(`
  query CounterDrawerState {
    counterDrawer {
      date
      close {
        id
      }
    }
  }
`);

/** The staff account search, by number (any part of it). */
export const CounterAccountsDocument = graphql(`
  query CounterAccounts($search: String!) {
    serviceAccounts(search: $search, first: 10) {
      edges {
        node {
          id
          accountNumber
          customerName
          status
          serviceAddress {
            line1
          }
          balance {
            amountDueNow {
              amount
              formatted
            }
            pendingPayments {
              formatted
            }
          }
        }
      }
    }
  }
`);

export const RecordCounterPaymentDocument = graphql(`
  mutation RecordCounterPayment($input: RecordCounterPaymentInput!) {
    recordCounterPayment(input: $input) {
      payment {
        id
        confirmationNumber
        status
        statusLabel
        total {
          formatted
        }
        cashReceived {
          formatted
        }
        changeGiven {
          formatted
        }
        method {
          kind
          brand
          last4
          checkNumber
        }
        receivedBy
        madeAt
        expectedPostingDate
        restorations {
          progress
        }
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
