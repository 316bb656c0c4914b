import { graphql } from '../../gql';

/* The GraphQL operations of the Staff page (ADMIN): the city's staff, adding one, inviting one again, changing one's role, taking one's access away and giving it back. */

// Spread by name in the documents below (the generated documents carry it); codegen reads this call, nothing at run time does.
graphql(`
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

// Every change of one member answers alike (UserPayload); spread by name as above.
graphql(`
  fragment ConsoleStaffChange on UserPayload {
    user {
      ...ConsoleStaffUser
    }
    userErrors {
      ...Problem
    }
  }
`);

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
      ...ConsoleStaffChange
    }
  }
`);

export const DisableStaffUserDocument = graphql(`
  mutation ConsoleDisableStaffUser($userId: UUID!) {
    disableStaffUser(userId: $userId) {
      ...ConsoleStaffChange
    }
  }
`);

export const ResendStaffInvitationDocument = graphql(`
  mutation ConsoleResendStaffInvitation($userId: UUID!) {
    resendStaffInvitation(userId: $userId) {
      ...ConsoleStaffChange
    }
  }
`);

export const ChangeStaffRoleDocument = graphql(`
  mutation ConsoleChangeStaffRole($input: ChangeStaffRoleInput!) {
    changeStaffRole(input: $input) {
      ...ConsoleStaffChange
    }
  }
`);

export const EnableStaffUserDocument = graphql(`
  mutation ConsoleEnableStaffUser($userId: UUID!) {
    enableStaffUser(userId: $userId) {
      ...ConsoleStaffChange
    }
  }
`);
