import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import type { CheckReturnReason } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import { ActionDialog, DialogField } from './action-dialog';
import { ACCOUNT_QUERIES, ReturnedCheckDocument, ReturnedPaymentFeeDocument } from './accounts-operations';
import { methodText, type AccountPayment } from './payments-section';
import type { UserErrorLike } from './problems-from';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';

const REASONS: readonly CheckReturnReason[] = ['INSUFFICIENT_FUNDS', 'ACCOUNT_CLOSED', 'STOP_PAYMENT', 'OTHER'];

/** The API's `reason` is the bank's, shown in the dialog's choice (Problems' "kind"); its `note` is the staff's text (Problems' "reason"). */
const toDialogFields = (errors: readonly UserErrorLike[]): UserErrorLike[] =>
  errors.map((error) => (error.field.at(-1) === 'reason' ? { ...error, field: [...error.field.slice(0, -1), 'kind'] } : error));

/**
 * ADMIN: a check taken at the counter that its bank sent back (the letter in hand): the bank's reason, a note for staff,
 * then a confirmation of what follows (owed again, the city's fee, the payer emailed). One key per attempt (the payment
 * and reason confirmed), kept while the page is open: Confirm pressed twice, or again after a lost answer, records one
 * return. Whether it may be returned now is the API's to say (Payment.checkReturnable; its refusals in the dialog).
 */
export function ReturnedCheckDialog({ payment, onClose, onDone }: { readonly payment: AccountPayment; readonly onClose: () => void; readonly onDone: (message: Message) => void }) {
  const t = useT();
  const [reason, setReason] = useState<CheckReturnReason | ''>('');
  const [note, setNote] = useState('');
  const action = useStaffAction();
  const [recordReturnedCheck] = useMutation(ReturnedCheckDocument, { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true });
  // The fee is said by its amount before staff confirm what cannot be undone; until the city's rules arrive, in general terms.
  const fee = useQuery(ReturnedPaymentFeeDocument).data?.tenant.paymentRules.returnedPaymentFee;
  const feeSaid = fee === undefined ? t('accounts.returnedCheck.feeIfAny') : fee.cents === '0' ? t('accounts.returnedCheck.noFee') : t('accounts.returnedCheck.fee', { fee: fee.formatted });

  async function confirm() {
    if (!reason) return action.setProblems({ kind: t('accounts.returnedCheck.whyRequired') });
    const attempt = `returned-check ${payment.id} ${reason}`;
    const input = { paymentId: payment.id, reason, note: note.trim() || null, idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => {
      const answer = (await recordReturnedCheck({ variables: { input } })).data?.recordReturnedCheck;
      return answer ? toDialogFields(answer.userErrors) : null;
    });
    if (outcome === 'busy' || outcome === 'unknown') return;
    attemptSettled(attempt);
    if (outcome === 'done') onDone(message('accounts.returnedCheck.done', { confirmation: payment.confirmationNumber }));
  }

  return (
    <ActionDialog
      title={t('accounts.returnedCheck.title', { confirmation: payment.confirmationNumber })}
      description={<p>{t('accounts.returnedCheck.description', { total: payment.total.formatted, method: methodText(t, payment.method), fee: feeSaid })}</p>}
      confirmLabel={t('accounts.returnedCheck.confirm')}
      busy={action.busy}
      problems={action.problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <DialogField label={t('accounts.returnedCheck.why')} error={action.problems.kind}>
        {(control) => (
          <select {...control} value={reason} onChange={(event) => setReason(event.target.value as CheckReturnReason | '')}>
            <option value="">{t('accounts.returnedCheck.choose')}</option>
            {REASONS.map((value) => (
              <option key={value} value={value}>
                {t(`accounts.returnedCheck.reason.${value}`)}
              </option>
            ))}
          </select>
        )}
      </DialogField>
      <DialogField label={t('accounts.returnedCheck.note')} hint={t('accounts.returnedCheck.noteHint')} error={action.problems.reason}>
        {(control) => <textarea {...control} rows={3} value={note} onChange={(event) => setNote(event.target.value)} />}
      </DialogField>
    </ActionDialog>
  );
}
