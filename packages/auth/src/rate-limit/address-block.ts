import { isIPv6 } from 'node:net';

/**
 * The subject a per-address limit counts for a client address: an IPv4
 * address as it is, an IPv6 one as its /64 network. One IPv6 subscriber is
 * routinely given a whole /64 (2^64 addresses to rotate through), so a limit
 * per IPv6 address would limit nobody. Anything that is not an IPv6 address
 * (an IPv4 address, an email, an account id, a caller's number) is returned
 * unchanged.
 */
export function addressBlock(subject: string): string {
  const address = subject.replace(/%.*$/, '');
  if (!isIPv6(address)) return subject;
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An IPv4 address written at the end holds the last 32 bits: two groups.
  const width = (parts: string[]) => parts.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const leading = groups(head);
  const trailing = groups(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(leading) - width(trailing)).fill('0');
  const network = [...leading, ...zeros, ...trailing].slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}
