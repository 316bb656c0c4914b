import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { AdjustmentKind } from '../../gql/graphql';
import { decimalFromCents, parseAmountCents } from '../../shared/decimal-amount';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import { ActionDialog, DialogField } from './action-dialog';
import { ACCOUNT_QUERIES, AdjustmentDocument } from './accounts-operations';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';

/** ADMIN: charge a fee, or correct the account either way (a negative amount credits it). */
export function AdjustmentDialog({
  account,
  onClose,
  onDone,
}: {
  readonly account: { readonly id: string; readonly accountNumber: string };
  readonly onClose: () => void;
  readonly onDone: (message: Message) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<AdjustmentKind>('ADJUSTMENT');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useStaffAction('accounts.adjust.unconfirmed');
  const [adjust] = useMutation(AdjustmentDocument, { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true });

  async function confirm() {
    const cents = parseAmountCents(amount, { signed: kind === 'ADJUSTMENT' });
    const missing = {
      amount: !amount.trim() ? t('accounts.adjust.amountRequired') : cents === null ? t('accounts.adjust.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (cents === null || missing.amount || missing.reason) return action.setProblems(missing);
    // By cents, as the server compares it: "12.5", its answer lost, then "12.50" is the same adjustment, recorded once.
    const attempt = `adjust ${account.id} ${kind} ${cents}`;
    const input = { serviceAccountId: account.id, kind, amount: decimalFromCents(cents), memo: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => (await adjust({ variables: { input } })).data?.recordAccountAdjustment.userErrors ?? null);
    if (outcome === 'done' || outcome === 'refused') attemptSettled(attempt);
    if (outcome === 'done') onDone(message('accounts.adjust.done', { account: account.accountNumber }));
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
