import type { ConsoleStaffUserFragment } from '../../gql/graphql';

export type StaffMember = ConsoleStaffUserFragment;

/** Where a staff member's access stands: signing in, invited but without a password yet, or taken away. */
export type StaffStatus = 'active' | 'invited' | 'disabled';

export function staffStatus(member: StaffMember): StaffStatus {
  if (member.disabledAt) return 'disabled';
  return member.invitationPending ? 'invited' : 'active';
}

/** Staff are added with a name; one without is shown by how they sign in. */
export const nameOf = (member: StaffMember): string => member.name ?? member.username ?? member.email ?? member.id;

export const isAdmin = (member: StaffMember): boolean => member.roles.includes('ADMIN');

/** What the member signs in with: their username in a city that signs in by username, else their email. */
export const signsInAs = (member: StaffMember, byUsername: boolean): string => (byUsername ? member.username : member.email) ?? '';

/**
 * The API's refusal of a change to a member, in the page's words: LAST_ADMIN
 * as `lastAdmin` says it, when given (the API's speaks of the city, the page
 * names the member and what to do here), any other as the API says it.
 * Empty when there was none.
 */
export function refusalOf(problems: readonly { readonly code: string; readonly message: string }[], lastAdmin?: string): string {
  return problems.map((problem) => (problem.code === 'LAST_ADMIN' && lastAdmin !== undefined ? lastAdmin : problem.message)).join(' ');
}

/**
 * What a row offers: to take the member's access away; to give it back (it
 * is gone already); or, for the city's only ADMIN who can sign in, a note saying why
 * not: the API refuses it (LAST_ADMIN), so a city always keeps someone who
 * can manage its staff (an ADMIN still invited does not count). The viewer is
 * such an ADMIN, so that member is always the viewer; disabling oneself while
 * another remains is allowed, as the API allows it.
 */
export type DisableOffer = 'disable' | 'gone' | 'onlyAdmin';

export function disableOffer(member: StaffMember, staff: readonly StaffMember[]): DisableOffer {
  if (member.disabledAt) return 'gone';
  const signingInAdmins = staff.filter((other) => isAdmin(other) && staffStatus(other) === 'active');
  return signingInAdmins.length === 1 && signingInAdmins[0]!.id === member.id ? 'onlyAdmin' : 'disable';
}

/**
 * The list with a newly added member in it, in the list's order (by name, as
 * staffUsers sorts): shown at once, without asking the server again. Replaces
 * a member already there (an answer that arrived after a refetch had them).
 */
export function withMember<T extends { readonly id: string; readonly name?: string | null }>(staff: readonly T[], added: T, collator: Intl.Collator): T[] {
  const others = staff.filter((member) => member.id !== added.id);
  const at = others.findIndex((member) => collator.compare(member.name ?? '', added.name ?? '') > 0);
  return at === -1 ? [...others, added] : [...others.slice(0, at), added, ...others.slice(at)];
}
