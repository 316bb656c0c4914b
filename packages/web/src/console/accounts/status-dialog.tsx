import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ReasonDialog } from './action-dialog';
import { ACCOUNT_QUERIES, ApproveRestorationDocument, MarkDisconnectedDocument } from './accounts-operations';
import { message, type Message } from '../../shared/message';
import { useStaffAction } from './staff-action';

export type StatusAction = 'disconnect' | 'restore';

/** Mark an eligible account disconnected, or approve a restoration: a status change with the staff member's reason kept in the history. */
export function StatusDialog({
  action: which,
  account,
  onClose,
  onDone,
}: {
  readonly action: StatusAction;
  readonly account: { readonly id: string; readonly accountNumber: string };
  readonly onClose: () => void;
  readonly onDone: (message: Message) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const options = { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true };
  const [disconnect] = useMutation(MarkDisconnectedDocument, options);
  const [restore] = useMutation(ApproveRestorationDocument, options);
  const params = { account: account.accountNumber };

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const variables = { id: account.id, note: reason.trim() };
    const outcome = await action.run(async () =>
      which === 'disconnect' ? ((await disconnect({ variables })).data?.markAccountDisconnected.userErrors ?? null) : ((await restore({ variables })).data?.approveRestoration.userErrors ?? null),
    );
    if (outcome === 'done') onDone(message(which === 'disconnect' ? 'accounts.disconnect.done' : 'accounts.restore.done', params));
  }

  return (
    <ReasonDialog
      title={t(which === 'disconnect' ? 'accounts.disconnect.title' : 'accounts.restore.title', params)}
      description={<p>{t(which === 'disconnect' ? 'accounts.disconnect.description' : 'accounts.restore.description', params)}</p>}
      confirmLabel={t(which === 'disconnect' ? 'accounts.disconnect.confirm' : 'accounts.restore.confirm')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
