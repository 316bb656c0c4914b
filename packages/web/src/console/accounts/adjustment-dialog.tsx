import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { AdjustmentKind } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { ActionDialog, DialogField } from './action-dialog';
import { apiAmount, isDollarAmount } from './account-format';
import { AccountPageDocument, AdjustmentDocument } from './accounts-operations';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';

/** ADMIN: charge a fee, or correct the account either way (a negative amount credits it). */
export function AdjustmentDialog({
  account,
  onClose,
  onDone,
}: {
  readonly account: { readonly id: string; readonly accountNumber: string };
  readonly onClose: () => void;
  readonly onDone: (message: string) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<AdjustmentKind>('ADJUSTMENT');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [adjust] = useMutation(AdjustmentDocument, { refetchQueries: [AccountPageDocument], awaitRefetchQueries: true });

  async function confirm() {
    const missing = {
      amount: !amount.trim() ? t('accounts.adjust.amountRequired') : !isDollarAmount(amount, { signed: kind === 'ADJUSTMENT' }) ? t('accounts.adjust.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (missing.amount || missing.reason) return action.setProblems(missing);
    const attempt = `adjust ${account.id} ${kind} ${apiAmount(amount)}`;
    const input = { serviceAccountId: account.id, kind, amount: apiAmount(amount), memo: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => (await adjust({ variables: { input } })).data?.recordAccountAdjustment.userErrors ?? null);
    if (outcome === 'done' || outcome === 'refused') attemptSettled(attempt);
    if (outcome === 'done') onDone(t('accounts.adjust.done', { account: account.accountNumber }));
  }

  return (
    <ActionDialog
      title={t('accounts.adjust.title', { account: account.accountNumber })}
      description={<p>{t('accounts.adjust.description')}</p>}
      confirmLabel={t('accounts.adjust.confirm')}
      busy={action.busy}
      problems={action.problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <DialogField label={t('accounts.adjust.kind')} error={action.problems.kind}>
        {(control) => (
          <select {...control} value={kind} onChange={(event) => setKind(event.target.value as AdjustmentKind)}>
            <option value="ADJUSTMENT">{t('accounts.adjust.kind.ADJUSTMENT')}</option>
            <option value="FEE">{t('accounts.adjust.kind.FEE')}</option>
          </select>
        )}
      </DialogField>
      <DialogField label={t('accounts.adjust.amount')} hint={t('accounts.adjust.amountHint')} error={action.problems.amount}>
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />}
      </DialogField>
      <DialogField label={t('accounts.action.reason')} error={action.problems.reason}>
        {(control) => <textarea {...control} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </DialogField>
    </ActionDialog>
  );
}
