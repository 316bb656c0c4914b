import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ReasonDialog } from '../accounts/action-dialog';
import { attemptKeyFor, attemptSettled, useStaffAction } from '../accounts/staff-action';
import { AllDrawersDocument, MyDrawerDocument, ReopenDrawerDocument } from './drawer-operations';

/**
 * ADMIN: a clerk's closed drawer opened again (a miscount found, a payment to void before the deposit), with a reason,
 * confirmed here. The close stays as counted; the API says who may (never the clerk who counted it) and refuses at the
 * field. One key per attempt (the drawer and reason), so a press sent again after a lost answer reopens once.
 */
export function ReopenDrawerDialog({
  drawer,
  dayText,
  onClose,
  onDone,
}: {
  readonly drawer: { readonly clerkId: string; readonly clerkName: string; readonly date: string };
  readonly dayText: string;
  readonly onClose: () => void;
  readonly onDone: (said: string) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [reopen] = useMutation(ReopenDrawerDocument, { refetchQueries: [AllDrawersDocument, MyDrawerDocument], awaitRefetchQueries: true });
  const facts = { clerk: drawer.clerkName, date: dayText };

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const attempt = `reopen ${drawer.clerkId} ${drawer.date} ${reason.trim()}`;
    const input = { clerkId: drawer.clerkId, date: drawer.date, reason: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => (await reopen({ variables: { input } })).data?.reopenCounterDrawer.userErrors ?? null);
    if (outcome === 'busy' || outcome === 'unknown') return;
    attemptSettled(attempt);
    if (outcome === 'done') onDone(t('console.drawer.reopen.done', facts));
  }

  return (
    <ReasonDialog
      title={t('console.drawer.reopen.title', facts)}
      description={<p>{t('console.drawer.reopen.description', facts)}</p>}
      confirmLabel={t('console.drawer.reopen.confirm')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
