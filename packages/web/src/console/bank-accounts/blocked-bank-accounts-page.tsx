import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { message, useMessageText, type Message } from '../../shared/message';
import { NotLoaded } from '../../shared/not-loaded';
import type { PageTenant } from '../../shared/page-tenant';
import { ReasonDialog } from '../accounts/action-dialog';
import { useStaffAction } from '../accounts/staff-action';
import { cityDateTime } from '../city-time';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { READ_ON_VISIT } from '../read-on-visit';
import { BlockedBankAccountsDocument, LiftBankAccountBlockDocument } from './bank-account-operations';

/** Blocks per page: a screenful to scan, more on request. */
const PAGE_SIZE = 50;

interface Block {
  readonly id: string;
  readonly last4: string | null;
}

/**
 * Bank accounts the city takes no more debits from (a return, a closure), by their last four digits and why. Staff see
 * them, to tell a resident why their bank account is refused; the city's ADMIN lifts a block, with a reason, when the
 * bank made a mistake (the API refuses SUPPORT, so only an ADMIN is offered the button).
 */
export function BlockedBankAccountsPage({ tenant, isAdmin }: { readonly tenant: PageTenant; readonly isAdmin: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const say = useMessageText();
  const { data, error, fetchMore, refetch } = useQuery(BlockedBankAccountsDocument, { variables: { first: PAGE_SIZE }, ...READ_ON_VISIT });
  const [lifting, setLifting] = useState<Block | null>(null);
  const [said, setSaid] = useState<Message | null>(null);
  const blocks = data?.blockedBankAccounts;

  if (!blocks) return <NotLoaded failed={!!error} onRetry={() => void refetch()} />;
  return (
    <>
      <p className="lead">{t(isAdmin ? 'console.bankAccounts.introAdmin' : 'console.bankAccounts.intro')}</p>
      <p role="status">{said && say(said)}</p>
      {blocks.edges.length === 0 ? (
        <p>{t('console.bankAccounts.empty')}</p>
      ) : (
        <DataTable
          caption={t('console.bankAccounts.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('console.bankAccounts.account') },
            { label: t('console.bankAccounts.why') },
            { label: t('console.bankAccounts.since') },
            ...(isAdmin ? [{ label: t('console.bankAccounts.action') }] : []),
          ]}
        >
          {blocks.edges.map(({ node: block }) => (
            <tr key={block.id}>
              <td>{accountText(block, t)}</td>
              <td>{block.description}</td>
              <td>
                <time dateTime={block.blockedAt}>{cityDateTime(block.blockedAt, tenant.timezone, locale)}</time>
              </td>
              {isAdmin && (
                <td>
                  <button type="button" aria-label={t('console.bankAccounts.liftFor', { account: accountText(block, t) })} onClick={() => setLifting(block)}>
                    {t('console.bankAccounts.lift')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore hasMore={blocks.pageInfo.hasNextPage} load={() => loadNextPage(fetchMore, data, 'blockedBankAccounts')} />
      {lifting && (
        <LiftDialog
          block={lifting}
          onClose={() => setLifting(null)}
          onDone={(done) => {
            setLifting(null);
            setSaid(done);
            void refetch();
          }}
        />
      )}
    </>
  );
}

/** "Bank account ending 6789", or without digits for a block recorded before the city kept them. */
function accountText(block: Block, t: ReturnType<typeof useT>): string {
  return block.last4 ? t('console.bankAccounts.ending', { last4: block.last4 }) : t('console.bankAccounts.unknownDigits');
}

function LiftDialog({ block, onClose, onDone }: { readonly block: Block; readonly onClose: () => void; readonly onDone: (message: Message) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [lift] = useMutation(LiftBankAccountBlockDocument);
  const account = accountText(block, t);

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const input = { bankAccountId: block.id, reason: reason.trim() };
    const outcome = await action.run(async () => (await lift({ variables: { input } })).data?.liftBankAccountBlock.userErrors ?? null);
    if (outcome === 'done') onDone(message('console.bankAccounts.lifted', { account }));
  }

  return (
    <ReasonDialog
      title={t('console.bankAccounts.liftTitle', { account })}
      description={<p>{t('console.bankAccounts.liftDescription')}</p>}
      confirmLabel={t('console.bankAccounts.lift')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
