import { useLazyQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { errorCode } from '../../shared/api';
import { DataTable } from '../../shared/data-table';
import { useT } from '../../shared/locale';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { useMessageText, type Message } from '../../shared/message';
import { CloseResidentAccountDialog } from './close-account-dialog';
import { FindResidentsDocument } from './lockout-operations';
import { LookupForm } from './lookup-form';

const PAGE_SIZE = 20;

/**
 * The resident on the phone, found by what they know: their name, their phone, part of their email (`residents`), a
 * page at a time. "Show lockouts" hands the one chosen to the person's lockouts (`onShowLockouts`, with the identifier
 * userBySignIn finds them by: their email, else their username), where an ADMIN can clear them. An ADMIN can also close
 * a resident's online account for them (`closeResidentAccount`): once closed, no search finds it.
 */
export function ResidentFinder({ isAdmin, onShowLockouts }: { readonly isAdmin: boolean; readonly onShowLockouts: (identifier: string) => void }) {
  const t = useT();
  const say = useMessageText();
  const ids = useId();
  const [closing, setClosing] = useState<{ readonly id: string; readonly who: string } | null>(null);
  const [said, setSaid] = useState<Message | null>(null);
  const [typed, setTyped] = useState('');
  const [required, setRequired] = useState(false);
  const [find, found] = useLazyQuery(FindResidentsDocument, { fetchPolicy: 'network-only' });
  const searched = found.variables?.search ?? null;
  const residents = found.data?.residents;
  const showUsername = residents?.edges.some((edge) => edge.node.username) ?? false;
  // The one input the API refuses: a card number (a caller reading theirs out), which no log may keep. Said at the field.
  const cardNumberRefused = !!found.error && errorCode(found.error) === 'BAD_USER_INPUT';

  function submit(event: FormEvent) {
    event.preventDefault();
    setRequired(!typed.trim());
    setSaid(null);
    if (typed.trim()) void find({ variables: { search: typed.trim(), first: PAGE_SIZE } }).catch(() => undefined);
  }

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('console.lockouts.findHeading')}</h2>
      <LookupForm
        id={`${ids}-search`}
        name={t('console.lockouts.findHeading')}
        label={t('console.lockouts.findLabel')}
        hint={t('console.lockouts.findHint')}
        error={required ? t('console.lockouts.findRequired') : cardNumberRefused ? t('console.lockouts.findCardNumber') : undefined}
        value={typed}
        onChange={setTyped}
        submitLabel={t('console.lockouts.find')}
        onSubmit={submit}
      />
      <p role="status">{said && say(said)}</p>
      {found.error && !cardNumberRefused && <p role="alert">{t('console.lockouts.failed')}</p>}
      {residents && searched !== null && !found.loading && residents.edges.length === 0 && <p>{t('console.lockouts.noResident', { search: searched })}</p>}
      {residents && searched !== null && residents.edges.length > 0 && (
        <>
          <DataTable
            caption={t('console.lockouts.residentsCaption', { search: searched })}
            className="data-table"
            columns={[
              { label: t('console.lockouts.residentName') },
              { label: t('console.lockouts.residentEmail') },
              ...(showUsername ? [{ label: t('console.lockouts.residentUsername') }] : []),
              { label: t('console.lockouts.residentPhone') },
              { label: t('console.lockouts.residentAction') },
            ]}
          >
            {residents.edges.map(({ node }) => {
              const who = node.name ?? node.email ?? node.username ?? '';
              const identifier = node.email ?? node.username;
              return (
                <tr key={node.id}>
                  <td>{node.name ?? t('console.lockouts.noName')}</td>
                  <td>
                    {node.email}
                    {/* Why a caller gets no receipts: the address not yet confirmed, or a new one waiting for its link. */}
                    {!node.emailVerified && <span> ({t('console.lockouts.emailUnconfirmed')})</span>}
                    {node.pendingEmail && <span> ({t('console.lockouts.emailPending', { email: node.pendingEmail })})</span>}
                  </td>
                  {showUsername && <td>{node.username}</td>}
                  <td>{node.phone}</td>
                  <td>
                    {identifier && (
                      <button type="button" aria-label={t('console.lockouts.showFor', { who })} onClick={() => onShowLockouts(identifier)}>
                        {t('console.lockouts.showLockouts')}
                      </button>
                    )}
                    {isAdmin && (
                      <button type="button" className="secondary" aria-label={t('console.closeAccount.openFor', { who })} onClick={() => setClosing({ id: node.id, who })}>
                        {t('console.closeAccount.open')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          <LoadMore hasMore={residents.pageInfo.hasNextPage} load={() => loadNextPage(found.fetchMore, found.data, 'residents')} label={t('console.lockouts.moreResidents')} />
        </>
      )}
      {closing && (
        <CloseResidentAccountDialog
          resident={closing}
          onClose={() => setClosing(null)}
          onDone={(done) => {
            setClosing(null);
            setSaid(done);
            // Closed, the resident is found by nothing any more: the list is read again without them.
            void found.refetch().catch(() => undefined);
          }}
        />
      )}
    </section>
  );
}
