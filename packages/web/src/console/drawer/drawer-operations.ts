import { graphql } from '../../gql';

/* The GraphQL operations of the counter drawer page: the clerk's own drawer and its close, and (ADMIN) every clerk's. */

export const MyDrawerDocument = graphql(`
  query ConsoleMyDrawer($date: LocalDate) {
    counterDrawer(date: $date) {
      ...ConsoleDrawer
      cashReceived {
        formatted
      }
      changeGiven {
        formatted
      }
      payments {
        id
        confirmationNumber
        methodKind
        checkNumber
        amount {
          formatted
        }
        cashReceived {
          formatted
        }
        changeGiven {
          formatted
        }
        status
        statusLabel
        receivedBy
        madeAt
      }
    }
  }
`);

export const ReopenDrawerDocument = graphql(`
  mutation ConsoleReopenDrawer($input: ReopenCounterDrawerInput!) {
    reopenCounterDrawer(input: $input) {
      close {
        id
        reopenedAt
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const AllDrawersDocument = graphql(`
  query ConsoleAllDrawers($date: LocalDate) {
    counterDrawers(date: $date) {
      ...ConsoleDrawer
    }
  }

  fragment ConsoleDrawer on CounterDrawer {
    date
    clerkId
    clerkName
    cash {
      ...ConsoleDrawerMethod
    }
    checks {
      ...ConsoleDrawerMethod
    }
    total {
      formatted
    }
    checkNumbers
    close {
      ...ConsoleDrawerClose
    }
  }

  fragment ConsoleDrawerClose on CounterDrawerClose {
    id
    closedAt
    expectedCash {
      formatted
    }
    expectedChecksCount
    expectedChecks {
      formatted
    }
    countedCash {
      formatted
    }
    countedChecksCount
    countedChecks {
      formatted
    }
    overShort {
      formatted
    }
    reason
  }

  fragment ConsoleDrawerMethod on CounterDrawerMethod {
    taken {
      count
      amount {
        formatted
      }
    }
    voided {
      count
      amount {
        formatted
      }
    }
    inDrawer {
      formatted
    }
  }
`);

export const CloseDrawerDocument = graphql(`
  mutation ConsoleCloseDrawer($input: CloseCounterDrawerInput!) {
    closeCounterDrawer(input: $input) {
      close {
        ...ConsoleDrawerClose
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
