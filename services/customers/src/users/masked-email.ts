/**
 * "an***@ex***.com": enough for the owner to recognise the address, not to learn it. The domain is masked too: the
 * notice goes to the address given up, whose owner may not be the one who typed the new one (registering does not
 * prove an address), and a whole domain there ("pay-norwalk-now.example.net") would be a stranger's link in it.
 */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const topLevel = domain.slice(domain.lastIndexOf('.'));
  return `${local.slice(0, 2)}***@${domain.slice(0, 2)}***${topLevel}`;
}
