import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { pageHref } from '../../shared/tenant-slug';
import { useT } from '../../shared/locale';
import { useMessageText, type Message } from '../../shared/message';
import { navigate } from '../../shared/navigation';
import { AccountPageDocument } from './accounts-operations';
import { AdjustmentDialog } from './adjustment-dialog';
import { AutopaySection, BalanceSection, LedgerSection, LinkedUsersSection, PayablesSection, StatusHistorySection, type Account } from './account-sections';
import { PaymentsSection, type AccountPayment } from './payments-section';
import { RefundDialog } from './refund-dialog';
import { ReturnedCheckDialog } from './returned-check-dialog';
import { StatusDialog } from './status-dialog';
import { VoidDialog } from './void-dialog';
import { NotLoaded } from '../../shared/not-loaded';
import { READ_ON_VISIT } from '../read-on-visit';

type OpenDialog = { kind: 'refund' | 'void' | 'returnedCheck'; payment: AccountPayment } | { kind: 'disconnect' | 'restore' | 'adjust' } | null;

export interface Viewer {
  readonly id: string;
  readonly isAdmin: boolean;
}

/** Issue 13 item 5: one account as staff work it: what it owes and why, who holds it, and the actions on it. */
export function AccountPage({ accountId, timeZone, viewer }: { readonly accountId: string; readonly timeZone: string; readonly viewer: Viewer }) {
  const t = useT();
  const say = useMessageText();
  const { data, error, loading, refetch } = useQuery(AccountPageDocument, { variables: { id: accountId }, ...READ_ON_VISIT });
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [done, setDone] = useState<Message | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const account = data?.serviceAccount;

  // What the action did takes focus, as on the Staff page: the row's button that opened it may be gone (a payment
  // refunded in full, voided; a status changed), and focus would fall to the top of the document.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  function finished(message: Message) {
    setDialog(null);
    setDone(message);
  }

  return (
    <div className="account-page">
      <p>
        <a
          href={pageHref('/console/accounts', location)}
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            navigate('/console/accounts');
          }}
        >
          {t('accounts.backToSearch')}
        </a>
      </p>
      {/* Always in the page, so what an action did is announced when it is filled in. */}
      <p role="status" tabIndex={-1} ref={doneRef} className={done ? 'notice' : 'visually-hidden'}>
        {done && say(done)}
      </p>
      {!account ? (
        loading || error ? (
          <NotLoaded failed={!loading && !!error} onRetry={() => void refetch()} />
        ) : (
          <p role="alert">{t('accounts.notFound')}</p>
        )
      ) : (
        <>
          <AccountHeader account={account} />
          <StaffActions account={account} viewer={viewer} onOpen={(kind) => (setDone(null), setDialog({ kind }))} />
          <div className="account-grid">
            <BalanceSection balance={account.balance} />
            <AutopaySection autopay={account.autopay} />
          </div>
          <PaymentsSection
            accountId={account.id}
            timeZone={timeZone}
            onRefund={(payment) => (setDone(null), setDialog({ kind: 'refund', payment }))}
            onVoid={(payment) => (setDone(null), setDialog({ kind: 'void', payment }))}
            onReturnedCheck={(payment) => (setDone(null), setDialog({ kind: 'returnedCheck', payment }))}
          />
          <LedgerSection accountId={account.id} />
          <PayablesSection payables={account.payables} />
          <div className="account-grid">
            <StatusHistorySection history={account.statusHistory} timeZone={timeZone} viewerId={viewer.id} />
            <LinkedUsersSection holders={account.linkedUsers} timeZone={timeZone} />
          </div>
          {dialog?.kind === 'refund' && <RefundDialog payment={dialog.payment} accountId={account.id} onClose={() => setDialog(null)} onDone={finished} />}
          {dialog?.kind === 'void' && <VoidDialog payment={dialog.payment} onClose={() => setDialog(null)} onDone={finished} />}
          {dialog?.kind === 'returnedCheck' && <ReturnedCheckDialog payment={dialog.payment} onClose={() => setDialog(null)} onDone={finished} />}
          {(dialog?.kind === 'disconnect' || dialog?.kind === 'restore') && <StatusDialog action={dialog.kind} account={account} onClose={() => setDialog(null)} onDone={finished} />}
          {dialog?.kind === 'adjust' && viewer.isAdmin && <AdjustmentDialog account={account} onClose={() => setDialog(null)} onDone={finished} />}
        </>
      )}
    </div>
  );
}

function AccountHeader({ account }: { readonly account: Account }) {
  const t = useT();
  const address = account.serviceAddress;
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the search: the account's own heading is what a screen reader should land on.
  useEffect(() => heading.current?.focus(), [account.id]);
  return (
    <div className="account-header">
      <h2 ref={heading} tabIndex={-1}>
        {t('accounts.account.heading', { number: account.accountNumber, name: account.customerName })}
      </h2>
      <p>
        <span className={`status-chip status-${account.status.toLowerCase()}`}>
          <span className="visually-hidden">{t('accounts.account.status')} </span>
          {t(`accounts.status.${account.status}`)}
        </span>{' '}
        {[address.line1, address.line2, `${address.city}, ${address.region} ${address.postalCode}`].filter(Boolean).join(', ')}
      </p>
    </div>
  );
}

/**
 * The account-level actions its status allows; adjustments only for ADMIN (the API refuses SUPPORT anyway). Approve
 * restoration only when the API would take it (restorationApprovable, approveRestoration's own test); while it waits,
 * what for (a payment to post, an e-check's bank, a charge come due since, another staff member than this one) in its place.
 */
function StaffActions({ account, viewer, onOpen }: { readonly account: Account; readonly viewer: Viewer; readonly onOpen: (kind: 'disconnect' | 'restore' | 'adjust') => void }) {
  const t = useT();
  const waitingFor = account.restorationBlockedBy;
  const buttons = [
    account.status === 'DISCONNECT_ELIGIBLE' && (
      <button key="disconnect" type="button" onClick={() => onOpen('disconnect')}>
        {t('accounts.disconnect.button')}
      </button>
    ),
    account.restorationApprovable && (
      <button key="restore" type="button" onClick={() => onOpen('restore')}>
        {t('accounts.restore.button')}
      </button>
    ),
    viewer.isAdmin && (
      <button key="adjust" type="button" className="secondary" onClick={() => onOpen('adjust')}>
        {t('accounts.adjust.button')}
      </button>
    ),
  ].filter(Boolean);
  if (buttons.length === 0 && !waitingFor) return null;
  return (
    <section className="staff-actions" aria-label={t('accounts.actions.label')}>
      {buttons}
      {waitingFor && <p className="cell-note">{t(`accounts.restore.waiting.${waitingFor}`)}</p>}
    </section>
  );
}
