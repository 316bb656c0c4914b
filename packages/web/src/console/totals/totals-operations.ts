import { graphql } from '../../gql';

/* The GraphQL operation of the daily totals page. */

export const PaymentTotalsDocument = graphql(`
  query ConsolePaymentTotals($from: LocalDate!, $to: LocalDate!) {
    paymentTotals(from: $from, to: $to) {
      from
      to
      days {
        date
        methods {
          ...ConsoleMethodTotals
        }
        net {
          formatted
        }
      }
      methods {
        ...ConsoleMethodTotals
      }
      net {
        formatted
      }
    }
  }

  fragment ConsoleMethodTotals on PaymentMethodTotals {
    methodKind
    received {
      count
      amount {
        formatted
      }
    }
    fees {
      formatted
    }
    refunded {
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
    returned {
      count
      amount {
        formatted
      }
    }
    disputed {
      count
      amount {
        formatted
      }
    }
    disputesWon {
      count
      amount {
        formatted
      }
    }
    net {
      formatted
    }
  }
`);
