import { graphql } from '../../gql';

/* The registered resident's operations: registration, password reset, profile, notifications, accounts, wallet, autopay, history. */

export const RegisterDocument = graphql(`
  mutation AccountRegister($input: RegisterInput!) {
    register(input: $input) {
      ...SignedIn
    }
  }
`);

export const VerifyEmailDocument = graphql(`
  mutation AccountVerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input) {
      userErrors {
        ...Problem
      }
    }
  }
`);

export const ResendEmailVerificationDocument = graphql(`
  mutation AccountResendEmailVerification {
    resendEmailVerification {
      user {
        id
        email
        emailVerified
        pendingEmail
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const RequestResetDocument = graphql(`
  mutation AccountRequestReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      userErrors {
        ...Problem
      }
    }
  }
`);

/** What the signed-in pages need of the city: how it proves accounts, what it takes, its autopay rules. */
export const AccountOptionsDocument = graphql(`
  query AccountOptions {
    tenant {
      slug
      accountNumberExample
      accountLinking {
        proof
      }
      autopayRules {
        deductionDay
        methodsAllowedOnline
      }
      payments {
        ...HostedForm
      }
    }
  }
`);

export const ViewerAccountsDocument = graphql(`
  query AccountViewer {
    viewer {
      user {
        id
        name
        email
        emailVerified
        pendingEmail
        username
        phone
        locale
      }
      serviceAccounts {
        id
        accountNumber
        customerName
        status
        closedOn
        paperless {
          ...PaperlessStanding
        }
        serviceAddress {
          line1
          city
        }
        balance {
          amountDueNow {
            cents
            amount
            formatted
          }
          pastDueNow {
            cents
            formatted
          }
          dueDate
        }
        autopay {
          status
          label
          suspendedReason
          nextDeductionDate
          maxAmount {
            amount
            formatted
          }
          method {
            id
            kind
            brand
            last4
            expiresBeforeNextDeduction
          }
        }
      }
    }
  }
`);

export const LinkAccountDocument = graphql(`
  mutation AccountLink($input: LinkServiceAccountInput!) {
    linkServiceAccount(input: $input) {
      serviceAccount {
        id
        accountNumber
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

/** Unlinking twice is harmless: the second is ACCOUNT_NOT_LINKED, which is what the first made it. */
export const UnlinkAccountDocument = graphql(`
  mutation AccountUnlink($serviceAccountId: UUID!) {
    unlinkServiceAccount(serviceAccountId: $serviceAccountId) {
      userErrors {
        ...Problem
      }
    }
  }
`);

export const PaymentMethodsDocument = graphql(`
  query AccountPaymentMethods {
    paymentMethods {
      id
      kind
      brand
      last4
      expMonth
      expYear
      expired
      blockedBecause
    }
  }
`);

export const SaveMethodDocument = graphql(`
  mutation AccountSaveMethod($token: String!) {
    savePaymentMethod(token: $token) {
      paymentMethod {
        id
        kind
        brand
        last4
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const RemoveMethodDocument = graphql(`
  mutation AccountRemoveMethod($id: UUID!) {
    removePaymentMethod(id: $id) {
      userErrors {
        ...Problem
      }
    }
  }
`);

export const PayAccountsDocument = graphql(`
  mutation AccountPay($input: MakePaymentInput!) {
    makePayment(input: $input) {
      payment {
        id
        confirmationNumber
        status
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const PaymentHistoryDocument = graphql(`
  query AccountHistory($after: String) {
    viewer {
      payments(first: 50, after: $after) {
        pageInfo {
          ...NextPage
        }
        edges {
          node {
            id
            confirmationNumber
            madeAt
            status
            statusLabel
            returnCode
            ...ChargedAndRefunded
            allocations {
              maskedAccountNumber
            }
          }
        }
      }
    }
  }
`);

export const OwnReceiptDocument = graphql(`
  query AccountReceipt($id: UUID!) {
    viewer {
      payment(id: $id) {
        ...ReceiptPayment
      }
    }
  }
`);

export const OwnPaymentUpdatedDocument = graphql(`
  subscription AccountPaymentUpdated($paymentId: UUID!) {
    paymentUpdated(paymentId: $paymentId) {
      cursor
      status
    }
  }
`);

/**
 * What enrolling in Auto Pay, or changing it, answers: the new status, and what autopay does about this month with the
 * amounts that names, which the page says in its own language (not `notice`, in the language of the request).
 */
// Spread by name in the enrol and update mutations; codegen reads this call, nothing at run time does.
graphql(`
  fragment AutopayChange on AutopayPayload {
    autopay {
      status
      maxAmount {
        amount
      }
    }
    thisMonth
    amountDue {
      amount
    }
    deduction {
      amount {
        amount
      }
      fee {
        amount
      }
      total {
        amount
      }
      paymentLimit {
        amount
      }
    }
    firstDeductionDate
    userErrors {
      ...Problem
    }
  }
`);

export const EnrollAutopayDocument = graphql(`
  mutation AccountEnrollAutopay($input: AutopayInput!) {
    enrollAutopay(input: $input) {
      ...AutopayChange
    }
  }
`);

export const UpdateAutopayDocument = graphql(`
  mutation AccountUpdateAutopay($input: AutopayInput!) {
    updateAutopay(input: $input) {
      ...AutopayChange
    }
  }
`);

export const CancelAutopayDocument = graphql(`
  mutation AccountCancelAutopay($serviceAccountId: UUID!) {
    cancelAutopay(serviceAccountId: $serviceAccountId) {
      autopay {
        status
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const UpdateProfileDocument = graphql(`
  mutation AccountUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      user {
        id
        name
        email
        pendingEmail
        phone
        locale
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const NotificationPreferencesDocument = graphql(`
  query AccountNotificationPreferences {
    notificationPreferences {
      autopayReminders
      billNotices
      smsOptIn
      smsPhone
      smsPhoneConfirmed
    }
  }
`);

export const UpdateNotificationPreferencesDocument = graphql(`
  mutation AccountUpdateNotificationPreferences($input: NotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) {
      preferences {
        autopayReminders
        billNotices
        smsOptIn
        smsPhone
        smsPhoneConfirmed
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const ConfirmSmsPhoneDocument = graphql(`
  mutation AccountConfirmSmsPhone($code: String!) {
    confirmSmsPhone(input: { code: $code }) {
      preferences {
        smsPhoneConfirmed
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const SendSmsPhoneCodeDocument = graphql(`
  mutation AccountSendSmsPhoneCode {
    sendSmsPhoneCode {
      preferences {
        smsPhone
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const CloseMyAccountDocument = graphql(`
  mutation AccountCloseMyAccount($input: CloseMyAccountInput!) {
    closeMyAccount(input: $input) {
      userErrors {
        ...Problem
      }
    }
  }
`);

// Spread by name (`...PaperlessStanding`) in the accounts query and the choices' answers; codegen reads this call.
graphql(`
  fragment PaperlessStanding on Paperless {
    offered
    inForce
    chosenByYou
    email
    blockedBy
  }
`);

// A choice's answer: the account as it now stands, or why it was refused.
graphql(`
  fragment PaperlessAnswer on PaperlessPayload {
    serviceAccount {
      id
      paperless {
        ...PaperlessStanding
      }
    }
    userErrors {
      ...Problem
    }
  }
`);

/** Choosing twice is harmless: the first consent stands. */
export const ChoosePaperlessDocument = graphql(`
  mutation AccountChoosePaperless($serviceAccountId: UUID!) {
    choosePaperlessBilling(serviceAccountId: $serviceAccountId) {
      ...PaperlessAnswer
    }
  }
`);

export const ChoosePaperDocument = graphql(`
  mutation AccountChoosePaper($serviceAccountId: UUID!) {
    choosePaperBills(serviceAccountId: $serviceAccountId) {
      ...PaperlessAnswer
    }
  }
`);
