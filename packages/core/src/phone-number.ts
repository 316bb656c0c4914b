/**
 * A number in E.164 ("+18886472502") as cities write theirs ("888-647-2502",
 * "(866) 930-0284", "+1 866 930 0284") and the provider writes the number
 * called; null when it is not one. Ten digits without "+" are a North
 * American number; one written with "+" keeps the country code it was
 * written with (8 to 15 digits): "+7378742833" is not "+1 737-874-2833".
 */
export function toE164(written: string): string | null {
  const digits = written.replace(/\D/g, '');
  if (written.trim().startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}

const NORTH_AMERICAN = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/;

/**
 * A North American number as a person types theirs ("(405) 217-7739",
 * "405.217.7739", "1-405-217-7739", "+1 405 217 7739") in E.164
 * ("+14052177739"); null when it is not one. The area code and the exchange
 * each start 2-9 (NANP), so "+1" in front makes no number valid that is
 * invalid without it. Stricter than toE164, which reads numbers cities write.
 */
export function northAmericanNumber(typed: string): string | null {
  const national = NORTH_AMERICAN.exec(typed.replace(/[\s().-]/g, ''))?.[1];
  return national === undefined ? null : `+1${national}`;
}

/** Another country's number in E.164: "+", its country code (not North America's 1; none starts 0) and number, 8 to 15 digits in all. */
const OTHER_COUNTRY = /^\+[2-9]\d{7,14}$/;

/**
 * A number a text message can be sent to, in E.164, as a person types it or
 * the provider writes it: a North American one (northAmericanNumber's rules,
 * which a "+1" number meets too) or another country's written with "+"
 * ("+44 20 7946 0958"); null when it is neither. What a text is addressed to
 * and what a resident's STOP is matched by.
 */
export function textableNumber(typed: string): string | null {
  const compact = typed.trim().replace(/[\s().-]/g, '');
  return OTHER_COUNTRY.test(compact) ? compact : northAmericanNumber(compact);
}
