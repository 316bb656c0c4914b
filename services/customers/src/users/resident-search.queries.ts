import type { TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { withTenant } from '@platform/db';
import { UserEntity } from './user.entity';

/** At most this many words are matched: a longer search is a paste, not a name. */
const MAX_WORDS = 8;

/** A phone number as people say it: digits with the usual punctuation ("(562) 929-5766", "+1 562.929.5766"). */
const PHONE_LIKE = /^[\d\s()+.\-\u2010-\u2015]+$/u;

/** What of a search the audit log keeps: a name, an email or a number, not a paste of a page. */
const MAX_LOGGED_SEARCH = 200;

/** Fewer digits than this find too many people to be a phone number. */
const MIN_PHONE_DIGITS = 3;

/**
 * The accented letters of the names a city's clerks meet most (Spanish, French, Portuguese, German), and their plain
 * letters: a name sorts with these taken off, as a clerk types "Lopez" for López (its terms are folded alike, migration
 * 1796549071946). Words typed are folded fully (foldWord); a rarer letter in a stored name matches only as typed.
 */
const ACCENTED = 'áàâäãåéèêëíìîïóòôöõúùûüñçýÿ';
const PLAIN = 'aaaaaaeeeeiiiiooooouuuuncyy';

/** A typed word as names are compared: lower case, marks off. */
const foldWord = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Where the words of a search (and of the terms kept, resident_search_terms_of) split: anything but letters, digits and _. */
const WORD_BREAK = /[^0-9a-z_\u00c0-\uffff]+/u;

/**
 * The end of the range of terms starting with a prefix, in the byte order of text_pattern_ops: the last code point
 * sorts after any a term goes on with, so [prefix, prefix + this) holds them all.
 */
const PREFIX_END = '\u{10FFFF}';

/** The terms starting with `prefix`, as a range: the leakproof ~>=~ and ~<~ row-level security lets an index serve. */
const startingWith = (prefix: string): { readonly from: string; readonly to: string } => ({ from: prefix, to: prefix + PREFIX_END });

/**
 * What staff typed, as the resident search matches it: the digits of a phone number when that is all it is, else words
 * (split where the terms are), each of which must start a word of the resident's name, email or username.
 */
interface ResidentTerms {
  readonly phoneDigits: string | null;
  /** Each word as typed (lower case), for an email, a username or a rarer letter, and folded, for a name. */
  readonly words: readonly { readonly typed: string; readonly folded: string }[];
}

/** Null for a search with nothing to look for (blank, or nothing but punctuation): no search at all. */
function residentTerms(typed: string): ResidentTerms | null {
  const text = typed.normalize('NFKC').trim();
  if (!text) return null;
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= MIN_PHONE_DIGITS) return { phoneDigits: digits, words: [] };
  const words = text.toLowerCase().split(WORD_BREAK).filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return { phoneDigits: null, words: words.map((word) => ({ typed: word, folded: foldWord(word) })) };
}

/**
 * How a resident sorts in the results, and what their cursor keeps: their name as read, else their email or username,
 * folded as names are compared (López beside Lopez, whatever the database's collation makes of ó).
 */
const RESIDENT_SORT_KEY = `translate(lower(coalesce(u.full_name, u.email, u.username, '')), '${ACCENTED}', '${PLAIN}')`;

export interface ResidentSearch {
  readonly text: string;
  /** Rows to fetch: one more than the page (fetchSize). */
  readonly limit: number;
  /** The previous page's last resident: their sort key and id. */
  readonly after?: readonly [string, string] | null;
}

/**
 * The city's residents (CUSTOMER users; staff are not residents) matching what staff typed, by name order, for the
 * clerk who takes a resident's call. The city is the transaction's: row-level security keeps every other city's
 * residents out, whatever is typed. A blank search finds nobody: it is not a way to list the city. Each search, each
 * page of it, is written to the city's audit log in the same transaction (RESIDENTS_SEARCHED: who, what they typed,
 * how many residents it showed them): staff reading residents' personal data is what the log is for. Each word is found
 * as the start of a kept term (resident_search_terms, migration 1796549071946) by index, whatever the city's size.
 */
export async function searchResidents(ctx: TenantContext, search: ResidentSearch): Promise<(UserEntity & { sortKey: string })[]> {
  const terms = residentTerms(search.text);
  if (!terms) return [];
  return withTenant(ctx, async (manager) => {
    const query = manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect(RESIDENT_SORT_KEY, 'sort_key')
      .where(`'CUSTOMER' = ANY(u.roles)`)
      .orderBy(RESIDENT_SORT_KEY, 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(search.limit);
    if (terms.phoneDigits) {
      const digits = startingWith(terms.phoneDigits);
      query.andWhere(`u.id IN (SELECT s.user_id FROM resident_search_terms s WHERE s.kind = 'P' AND s.term ~>=~ :digitsFrom AND s.term ~<~ :digitsTo)`, {
        digitsFrom: digits.from,
        digitsTo: digits.to,
      });
    }
    terms.words.forEach((word, i) => {
      const forms = [...new Set([word.typed, word.folded])].map(startingWith);
      const ranges = forms.map((_, j) => `(s.term ~>=~ :from${i}_${j} AND s.term ~<~ :to${i}_${j})`).join(' OR ');
      query.andWhere(
        `u.id IN (SELECT s.user_id FROM resident_search_terms s WHERE s.kind = 'W' AND (${ranges}))`,
        Object.fromEntries(
          forms.flatMap((form, j) => [
            [`from${i}_${j}`, form.from],
            [`to${i}_${j}`, form.to],
          ]),
        ),
      );
    });
    if (search.after) query.andWhere(`(${RESIDENT_SORT_KEY}, u.id) > (:afterKey, :afterId)`, { afterKey: search.after[0], afterId: search.after[1] });
    const { entities, raw } = await query.getRawAndEntities<{ sort_key: string }>();
    // What was shown: the page, not the row fetched to know whether another follows.
    const shown = Math.min(entities.length, search.limit - 1);
    await recordSecurityEvent(manager, ctx, { kind: 'RESIDENTS_SEARCHED', detail: { search: search.text.trim().slice(0, MAX_LOGGED_SEARCH), found: String(shown) } });
    return entities.map((user, i) => Object.assign(user, { sortKey: raw[i]!.sort_key }));
  });
}
