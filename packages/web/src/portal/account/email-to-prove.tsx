import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { AccountViewerQuery } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { ResendEmailVerificationDocument } from './account-operations';

type User = Pick<NonNullable<AccountViewerQuery['viewer']>['user'], 'email' | 'emailVerified' | 'pendingEmail'>;

/**
 * What the resident has still to prove of their email, and a new link for it: a new address asked for (the account's
 * mail stays with the old one meanwhile), or their own, unproved since registering (no mail is sent to it meanwhile).
 * Nothing when there is nothing to prove.
 */
export function EmailToProve({ user }: { readonly user: User }) {
  const t = useT();
  const [resend, { loading }] = useMutation(ResendEmailVerificationDocument);
  const [said, setSaid] = useState<'sent' | 'failed' | null>(null);
  const address = user.pendingEmail ?? (user.emailVerified ? null : user.email);
  if (!address || !user.email) return null;

  async function sendAgain() {
    if (loading) return;
    try {
      const { data } = await resend();
      setSaid(data?.resendEmailVerification.user ? 'sent' : 'failed');
    } catch {
      setSaid('failed');
    }
  }

  return (
    <div className="notice">
      <p>{user.pendingEmail ? t('account.profile.emailPending', { email: user.pendingEmail, current: user.email }) : t('account.profile.emailUnproved', { email: user.email })}</p>
      {/* Busy, not disabled, while sending: a disabled button drops the focus of the keyboard user who pressed it. */}
      <button type="button" aria-disabled={loading || undefined} onClick={() => void sendAgain()}>
        {t('account.profile.resendLink')}
      </button>
      <p role="status">{said === 'sent' ? t('account.profile.linkResent', { email: address }) : ''}</p>
      {said === 'failed' && (
        <p role="alert" className="field-error">
          {t('account.profile.resendFailed')}
        </p>
      )}
    </div>
  );
}
