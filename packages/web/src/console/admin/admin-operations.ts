import { graphql } from '../../gql';

/* The GraphQL operations of the ADMIN pages (issue 13 items 8 and 9). */

export const ImportBillsCsvDocument = graphql(`
  mutation ConsoleImportBillsCsv($input: ImportBillsCsvInput!) {
    importBillsCsv(input: $input) {
      dryRun
      received
      imported
      alreadyImported
      rowErrorCount
      rowErrors {
        line
        field
        code
        message
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const AuditLogDocument = graphql(`
  query ConsoleAuditLog($first: Int!, $after: String) {
    auditLog(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          occurredAt
          kind
          label
          actor
          actorName
          actorSignIn
          userId
          subjectName
          subjectSignIn
          detail {
            key
            value
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

// Spread by name in the documents below (the generated documents carry it); codegen reads this call, nothing at run time does.
graphql(`
  fragment ConsoleAutopayRun on AutopayRun {
    id
    runDate
    trigger
    startedAt
    finishedAt
    summary {
      charged
      failed
      suspended
      skipped
      awaitingProcessor
      totalCharged {
        formatted
      }
    }
  }
`);

export const AutopayRunsDocument = graphql(`
  query ConsoleAutopayRuns($first: Int!, $after: String) {
    autopayRuns(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...ConsoleAutopayRun
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const AutopayRunDocument = graphql(`
  query ConsoleAutopayRun($id: UUID!, $after: String) {
    autopayRun(id: $id) {
      ...ConsoleAutopayRun
      outcomes(first: 100, after: $after) {
        edges {
          cursor
          node {
            serviceAccountId
            accountNumber
            cycle
            attempt
            kind
            reason
            total {
              formatted
            }
            nextAttemptOn
            occurredAt
          }
        }
        pageInfo {
          ...NextPage
        }
      }
    }
  }
`);

export const RunAutopayNowDocument = graphql(`
  mutation ConsoleRunAutopayNow {
    runAutopay {
      run {
        ...ConsoleAutopayRun
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
