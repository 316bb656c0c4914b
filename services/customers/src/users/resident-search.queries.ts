import type { TenantContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { UserEntity } from './user.entity';

/** At most this many words are matched: a longer search is a paste, not a name. */
const MAX_WORDS = 8;

/** A phone number as people say it: digits with the usual punctuation ("(562) 929-5766", "+1 562.929.5766"). */
const PHONE_LIKE = /^[\d\s()+.\-\u2010-\u2015]+$/u;

/** Fewer digits than this find too many people to be a phone number. */
const MIN_PHONE_DIGITS = 3;

/**
 * The accented letters of the names a city's clerks meet most (Spanish, French, Portuguese, German), and their plain
 * letters: a name is compared with these taken off, as a clerk types "Lopez" for López. Words typed are folded fully
 * (foldWord); a rarer letter in a stored name matches only as typed.
 */
const ACCENTED = 'áàâäãåéèêëíìîïóòôöõúùûüñçýÿ';
const PLAIN = 'aaaaaaeeeeiiiiooooouuuuncyy';
const FOLDED_NAME = `translate(lower(coalesce(u.full_name, '')), '${ACCENTED}', '${PLAIN}')`;

/** A typed word as names are compared: lower case, marks off. */
const foldWord = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A LIKE pattern holding `text` anywhere, its own \, % and _ taken literally (ESCAPE '\'). */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What staff typed, as the resident search matches it: the digits of a phone number when that is all it is, else words
 * (split at spaces and commas), each of which must be part of the resident's name, email or username, in any case.
 * Each is a LIKE pattern, its own % and _ taken literally.
 */
interface ResidentTerms {
  readonly phoneDigits: string | null;
  /** Each word as a LIKE pattern: as typed (lower case), for an email or a username, and folded, for a name. */
  readonly words: readonly { readonly typed: string; readonly folded: string }[];
}

/** Null for a blank search: no search at all. */
function residentTerms(typed: string): ResidentTerms | null {
  const text = typed.normalize('NFKC').trim();
  if (!text) return null;
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= MIN_PHONE_DIGITS) return { phoneDigits: `%${digits}%`, words: [] };
  const words = text
    .toLowerCase()
    .split(/[\s,;]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
  return { phoneDigits: null, words: words.map((word) => ({ typed: containing(word), folded: containing(foldWord(word)) })) };
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
 * residents out, whatever is typed. A blank search finds nobody: it is not a way to list the city.
 */
export async function searchResidents(ctx: TenantContext, search: ResidentSearch): Promise<(UserEntity & { sortKey: string })[]> {
  const terms = residentTerms(search.text);
  if (!terms) return [];
  return withTenant(
    ctx,
    async (manager) => {
      const query = manager
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .addSelect(RESIDENT_SORT_KEY, 'sort_key')
        .where(`'CUSTOMER' = ANY(u.roles)`)
        .orderBy(RESIDENT_SORT_KEY, 'ASC')
        .addOrderBy('u.id', 'ASC')
        .limit(search.limit);
      if (terms.phoneDigits) query.andWhere(`regexp_replace(coalesce(u.phone, ''), '\\D', '', 'g') LIKE :digits`, { digits: terms.phoneDigits });
      terms.words.forEach((word, i) => {
        query.andWhere(
          `(${FOLDED_NAME} LIKE :f${i} ESCAPE '\\' OR lower(coalesce(u.full_name, '')) LIKE :w${i} ESCAPE '\\' OR coalesce(u.email, '') LIKE :w${i} ESCAPE '\\' OR coalesce(u.username, '') LIKE :w${i} ESCAPE '\\')`,
          {
            [`f${i}`]: word.folded,
            [`w${i}`]: word.typed,
          },
        );
      });
      if (search.after) query.andWhere(`(${RESIDENT_SORT_KEY}, u.id) > (:afterKey, :afterId)`, { afterKey: search.after[0], afterId: search.after[1] });
      const { entities, raw } = await query.getRawAndEntities<{ sort_key: string }>();
      return entities.map((user, i) => Object.assign(user, { sortKey: raw[i]!.sort_key }));
    },
    { readOnly: true },
  );
}
