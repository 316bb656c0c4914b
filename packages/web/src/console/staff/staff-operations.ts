import { graphql } from '../../gql';

/* The GraphQL operations of the Staff page (ADMIN): the city's staff, adding one, inviting one again, changing one's role, taking one's access away and giving it back. */

// Spread by name in the documents below (the generated documents carry it); nothing reads the constant itself.
const STAFF_USER_FIELDS = graphql(`
  fragment ConsoleStaffUser on User {
    id
    name
    email
    username
    roles
    disabledAt
    invitationPending
  }
`);
void STAFF_USER_FIELDS;

export const StaffUsersDocument = graphql(`
  query ConsoleStaffUsers {
    staffUsers {
      ...ConsoleStaffUser
    }
  }
`);

export const CreateStaffUserDocument = graphql(`
  mutation ConsoleCreateStaffUser($input: CreateStaffUserInput!) {
    createStaffUser(input: $input) {
      user {
        ...ConsoleStaffUser
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const DisableStaffUserDocument = graphql(`
  mutation ConsoleDisableStaffUser($userId: UUID!) {
    disableStaffUser(userId: $userId) {
      user {
        ...ConsoleStaffUser
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const ResendStaffInvitationDocument = graphql(`
  mutation ConsoleResendStaffInvitation($userId: UUID!) {
    resendStaffInvitation(userId: $userId) {
      user {
        ...ConsoleStaffUser
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const ChangeStaffRoleDocument = graphql(`
  mutation ConsoleChangeStaffRole($input: ChangeStaffRoleInput!) {
    changeStaffRole(input: $input) {
      user {
        ...ConsoleStaffUser
      }
      userErrors {
        ...Problem
      }
    }
  }
`);

export const EnableStaffUserDocument = graphql(`
  mutation ConsoleEnableStaffUser($userId: UUID!) {
    enableStaffUser(userId: $userId) {
      user {
        ...ConsoleStaffUser
      }
      userErrors {
        ...Problem
      }
    }
  }
`);
