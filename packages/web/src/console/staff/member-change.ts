import { errorMessage } from '../../shared/api';
import { refusalOf, type StaffMember } from './staff-rows';

/** Every staff mutation's answer (UserPayload): the member as they now are, or why not. */
interface MemberPayload {
  readonly user?: StaffMember | null;
  readonly userErrors: readonly { readonly code: string; readonly message: string }[];
}

/** What became of a change of one member: done, or a problem to show; a refusal (not a failed request) means the list may be out of date. */
export type MemberChange = { readonly done: StaffMember } | { readonly problem: string; readonly refused: boolean };

/**
 * Sends a change of one member (`send` answers with the mutation's payload)
 * and reads the outcome: the member as they now are, or what went wrong in
 * the page's words: the API's refusal (see refusalOf; LAST_ADMIN as
 * `lastAdmin` says it), or why the request failed, and `notSent` when
 * neither says more.
 */
export async function changeMember(send: () => Promise<MemberPayload | null | undefined>, words: { readonly notSent: string; readonly lastAdmin?: string }): Promise<MemberChange> {
  try {
    const result = await send();
    if (result?.user) return { done: result.user };
    return { problem: refusalOf(result?.userErrors ?? [], words.lastAdmin) || words.notSent, refused: true };
  } catch (error) {
    return { problem: errorMessage(error) ?? words.notSent, refused: false };
  }
}
