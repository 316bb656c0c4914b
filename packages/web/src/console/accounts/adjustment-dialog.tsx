import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { AdjustmentKind } from '../../gql/graphql';
import { decimalFromCents, parseAmountCents } from '../../shared/decimal-amount';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import type { Account } from './account-sections';
import { ActionDialog, AmountField, DialogField, ReasonField } from './action-dialog';
import { ACCOUNT_QUERIES, AdjustmentDocument } from './accounts-operations';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';

/**
 * ADMIN: charge a fee, or correct the account either way (a negative amount credits it), for one of its open bills
 * (`payableId`: a credit pays that bill first) or for the account, whose credit pays the oldest charges first.
 */
export function AdjustmentDialog({
  account,
  onClose,
  onDone,
}: {
  readonly account: Pick<Account, 'id' | 'accountNumber' | 'openPayables'>;
  readonly onClose: () => void;
  readonly onDone: (message: Message) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<AdjustmentKind>('ADJUSTMENT');
  // The bills as the dialog opened: the page reads the account again after an attempt nobody answered, and a bill it
  // paid off would leave the list, taking the staff member's choice with it while the same attempt is still sent.
  const [bills] = useState(account.openPayables);
  // '': none named, the account in general.
  const [payableId, setPayableId] = useState('');
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
    // The bill too: the server refuses a key sent again for another bill.
    const attempt = `adjust ${account.id} ${kind} ${cents} ${payableId || 'account'}`;
    const input = {
      serviceAccountId: account.id,
      kind,
      amount: decimalFromCents(cents),
      memo: reason.trim(),
      idempotencyKey: attemptKeyFor(attempt),
      payableId: payableId || null,
    };
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
      <DialogField label={t('accounts.adjust.appliesTo')} hint={t('accounts.adjust.appliesToHint')} error={action.problems.payable}>
        {(control) => (
          <select {...control} value={payableId} onChange={(event) => setPayableId(event.target.value)}>
            <option value="">{t('accounts.adjust.appliesTo.oldest')}</option>
            {bills.map((bill) => (
              <option key={bill.id} value={bill.id}>
                {t('accounts.adjust.appliesTo.bill', {
                  number: bill.referenceNumber,
                  description: bill.description ?? t(`accounts.payableKind.${bill.kind}`),
                  owed: bill.amountOwed.formatted,
                })}
              </option>
            ))}
          </select>
        )}
      </DialogField>
      <AmountField label={t('accounts.adjust.amount')} hint={t('accounts.adjust.amountHint')} value={amount} onChange={setAmount} error={action.problems.amount} />
      <ReasonField value={reason} onChange={setReason} error={action.problems.reason} />
    </ActionDialog>
  );
}
