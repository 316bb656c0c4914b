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

/** A sentence naming a masked account number ("Account **-**02-00: $12.00"), said with it as MaskedAccount says it. */
export function SaidWithMaskedAccount({ masked, sentence }: { readonly masked: string; readonly sentence: (account: string) => string }) {
  const t = useT();
  return <SaidAs shown={sentence(masked)} said={sentence(t('masked.endingIn', { digits: oneByOne(shownEnd(masked)) }))} />;
}

/**
 * Text naming a card or bank account by its last four ("Visa ending 4242", the API's `label`, "Paying with Visa ending
 * 4242."), said with those four one by one. A check's number is a number the payer wrote, and is said as one.
 */
export function SaidMethod({ text, method }: { readonly text: string; readonly method: { readonly kind: string; readonly last4: string } }) {
  const at = method.kind === 'CHECK' || !method.last4 ? -1 : text.lastIndexOf(method.last4);
  if (at < 0) return <>{text}</>;
  return <SaidAs shown={text} said={`${text.slice(0, at)}${oneByOne(method.last4)}${text.slice(at + method.last4.length)}`} />;
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
