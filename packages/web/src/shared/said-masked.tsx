import { useT } from './locale';
import { oneByOne } from './one-by-one';

/*
 * A masked number as written ("••••4242", "**-**02-00", "Visa ending 4242") is read badly aloud: "star star dash star
 * star zero two dash zero zero", "four thousand two hundred forty-two". Pages show it as written, hidden from screen
 * readers, and give them the same words with the digits one by one ("ending in 0 2 0 0", "Visa ending 4 2 4 2"), in a
 * visually hidden span: the accessible name of a cell, a label or a list item is then what is said.
 */

/** The letters and digits a masked account number shows, which are its last four ("**-**02-00" -> "0200"). */
const shownEnd = (masked: string): string =>
  Array.from(masked)
    .filter((char) => /[\p{L}\p{N}]/u.test(char))
    .join('');

/** Text containing a masked number: `shown` on screen, `said` by screen readers. */
export function SaidAs({ shown, said }: { readonly shown: string; readonly said: string }) {
  return (
    <>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{said}</span>
    </>
  );
}

/** A masked account number ("**-**02-00") as staff and residents read it, said "ending in 0 2 0 0". */
export function MaskedAccount({ masked }: { readonly masked: string }) {
  const t = useT();
  return <SaidAs shown={masked} said={t('masked.endingIn', { digits: oneByOne(shownEnd(masked)) })} />;
}

/** Masked account numbers, comma-separated, each said "ending in …". */
export function MaskedAccounts({ masked }: { readonly masked: readonly string[] }) {
  return (
    <>
      {masked.map((one, index) => (
        <span key={`${one}-${index}`}>
          {index > 0 && ', '}
          <MaskedAccount masked={one} />
        </span>
      ))}
    </>
  );
}
