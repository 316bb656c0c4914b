import { isServerWords, message, type Message } from '../shared/message';

/**
 * The refusals of the console's ways in (sign-in, an invitation) that the page
 * can say itself, by code: said so, they follow a switch of language, where the
 * server's words stay in the language the request was made in. These are the
 * ones a person must still read after switching (the details were wrong, the
 * link is spent); signing in again to hear them in Spanish would spend an
 * attempt of the account's few.
 */
const SAID_BY_PAGE: Readonly<Record<string, Message>> = {
  INVALID_CREDENTIALS: message('console.signIn.invalidCredentials'),
  INVALID_TOKEN: message('invite.linkNoLongerValid'),
};

/** A userError as the page says it: its own words where it has them, else the server's. */
export const wayInProblem = (error: { readonly code: string; readonly message: string }): Message => SAID_BY_PAGE[error.code] ?? { text: error.message };

/**
 * Problems by field after a switch of language: the page's own kept (they follow it), the server's words dropped;
 * the same object when there are none of those (focus moves to a summary whenever its object changes).
 */
export function pageOwnProblems<T extends Readonly<Record<string, Message | boolean | undefined>>>(said: T): T {
  const kept = Object.entries(said).filter(([, each]) => !(typeof each === 'object' && isServerWords(each)));
  return kept.length === Object.keys(said).length ? said : (Object.fromEntries(kept) as T);
}
