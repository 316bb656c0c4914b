import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { isServerWords, message, useMessageText, type Message } from '../../shared/message';
import type { PageTenant } from '../../shared/page-tenant';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { cityDateTime } from '../city-time';
import { AddStaffForm } from './add-staff-form';
import { ChangeRoleDialog } from './change-role-dialog';
import { DisableStaffDialog } from './disable-staff-dialog';
import { EnableStaffButton } from './enable-staff-button';
import { ResendInvitationButton } from './resend-invitation-button';
import { StaffUsersDocument } from './staff-operations';
import { disableOffer, isAdmin, nameOf, staffStatus, type StaffMember } from './staff-rows';
import './staff.css';
import { NotLoaded } from '../../shared/not-loaded';

/** What was done on the page, and whether it takes focus. */
interface Done {
  readonly message: Message;
  readonly focus: boolean;
}

/**
 * What was done, once the page's language changes: the API's refusal of Enable or of a new invitation is in the
 * language it was pressed in, and is dropped (pressing again to hear it anew would enable or email someone).
 */
const doneInLocale = (done: Done | null): Done | null => (done && isServerWords(done.message) ? null : done);

/**
 * The city's staff (ADMIN): who can sign in to the console and as what,
 * adding someone (who is emailed an invitation), inviting someone again whose
 * invitation lapsed or was lost, changing someone else's role, and taking
 * someone's access away or giving it back. The shell shows it to ADMINs only; the API refuses SUPPORT anyway.
 */
export function StaffPage({ tenant, viewerId, onOwnAccessRemoved }: { readonly tenant: PageTenant; readonly viewerId: string; readonly onOwnAccessRemoved: () => void }) {
  const t = useT();
  const say = useMessageText();
  const { locale } = useLocale();
  // Asked anew on each visit: whether someone has accepted their invitation changes away from this page.
  const { data, error, refetch } = useQuery(StaffUsersDocument, { fetchPolicy: 'cache-and-network' });
  const [disabling, setDisabling] = useState<StaffMember | null>(null);
  const [changingRole, setChangingRole] = useState<StaffMember | null>(null);
  const [done, setDone] = useSaidInLocale<Done | null>(() => null, doneInLocale);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const byUsername = tenant.signInIdentifier === 'USERNAME';
  const staff = data?.staffUsers;

  // A disabling's or enabling's outcome takes focus (once a dialog has closed): the row's button that did it is gone. An
  // addition's or a role change's is only announced, and focus stays in the form, or goes back to the row's button.
  useEffect(() => {
    if (done?.focus) doneRef.current?.focus();
  }, [done]);

  function disabled(member: StaffMember) {
    setDisabling(null);
    if (member.id === viewerId) return onOwnAccessRemoved();
    setDone({ message: message('console.staff.disabled', { name: nameOf(member) }), focus: true });
  }

  function roleChanged(member: StaffMember) {
    setChangingRole(null);
    setDone({ message: message('console.staff.roleChanged', { name: nameOf(member), role: message(isAdmin(member) ? 'console.role.ADMIN' : 'console.role.SUPPORT') }), focus: false });
  }

  return (
    <>
      <p className="lead">{t('console.staff.intro')}</p>
      {/* Always in the page, so what was done is announced when it is filled in. */}
      <p role="status" tabIndex={-1} ref={doneRef} className={done ? 'notice' : 'visually-hidden'}>
        {done && say(done.message)}
      </p>
      {!staff ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : (
        <DataTable
          caption={t('console.staff.caption', { city: tenant.name })}
          landmark
          className="data-table"
          columns={[
            { label: t('console.staff.name') },
            ...(byUsername ? [{ label: t('console.staff.username') }] : []),
            { label: t('console.staff.email') },
            { label: t('console.staff.role') },
            { label: t('console.staff.access') },
            { label: t('console.staff.action') },
          ]}
        >
          {staff.map((member) => {
            const offer = disableOffer(member, staff);
            const status = staffStatus(member);
            return (
              <tr key={member.id}>
                <th scope="row">
                  {nameOf(member)}
                  {/* A space between name and note, which sit on lines of their own: read as words, not run together. */}
                  {member.id === viewerId && (
                    <>
                      {' '}
                      <span className="cell-note">{t('console.staff.you')}</span>
                    </>
                  )}
                </th>
                {byUsername && <td>{member.username ?? t('console.admin.none')}</td>}
                <td>{member.email ?? t('console.admin.none')}</td>
                <td>{t(isAdmin(member) ? 'console.role.ADMIN' : 'console.role.SUPPORT')}</td>
                <td>
                  {t(`console.staff.status.${status}`)}
                  {member.disabledAt && ' '}
                  {member.disabledAt && <span className="cell-note">{t('console.staff.disabledSince', { time: cityDateTime(member.disabledAt, tenant.timezone, locale) })}</span>}
                </td>
                <td>
                  {offer === 'disable' && (
                    <button type="button" className="secondary" aria-label={t('console.staff.disableConfirm', { name: nameOf(member) })} onClick={() => (setDone(null), setDisabling(member))}>
                      {t('console.staff.disable')}
                    </button>
                  )}
                  {/* One's own role is not offered: an ADMIN who made themselves SUPPORT would lose this page at once. */}
                  {!member.disabledAt && member.id !== viewerId && (
                    <>
                      {' '}
                      <button type="button" className="secondary" aria-label={t('console.staff.changeRoleLabel', { name: nameOf(member) })} onClick={() => (setDone(null), setChangingRole(member))}>
                        {t('console.staff.changeRole')}
                      </button>
                    </>
                  )}
                  {status === 'invited' && (
                    <>
                      {' '}
                      <ResendInvitationButton member={member} onOutcome={(said) => setDone({ message: said, focus: false })} onRefused={() => void refetch()} />
                    </>
                  )}
                  {offer === 'onlyAdmin' && <span className="cell-note only-admin">{t('console.staff.onlyAdmin')}</span>}
                  {offer === 'gone' && (
                    <EnableStaffButton
                      member={member}
                      onDone={(said) => setDone({ message: said, focus: true })}
                      onProblem={(said) => setDone({ message: said, focus: false })}
                      onRefused={() => void refetch()}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <AddStaffForm tenant={tenant} onAdded={(said) => setDone({ message: said, focus: false })} onUnsure={() => void refetch()} />
      {disabling && (
        <DisableStaffDialog member={disabling} isViewer={disabling.id === viewerId} byUsername={byUsername} onClose={() => setDisabling(null)} onDone={disabled} onRefused={() => void refetch()} />
      )}
      {changingRole && <ChangeRoleDialog member={changingRole} byUsername={byUsername} onClose={() => setChangingRole(null)} onDone={roleChanged} onRefused={() => void refetch()} />}
    </>
  );
}
