/**
 * A North American number as the provider writes it (E.164, "+18886472502"),
 * from the ways cities write theirs ("888-647-2502", "(866) 930-0284",
 * "+1 866 930 0284"); null when it is not one.
 */
export function toE164(written: string): string | null {
  const digits = written.replace(/\D/g, '');
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (written.trim().startsWith('+') && digits.length >= 8 && digits.length <= 15) return `+${digits}`;
  return null;
}
