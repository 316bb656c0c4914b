import { useQuery } from '@apollo/client/react';
import type { ConsoleAuditLogQuery } from '../../gql/graphql';
import { timeZoneName } from '../../shared/hours';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import type { PageTenant } from '../../shared/page-tenant';
import { AuditLogDocument } from './admin-operations';
import { auditDetailText } from './audit-detail';
import { cityDateTime } from '../city-time';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { NotLoaded } from '../../shared/not-loaded';
import { READ_ON_VISIT } from '../read-on-visit';

/** Events per page: a screenful to scan, more on request. */
const PAGE_SIZE = 20;

type AuditEvent = ConsoleAuditLogQuery['auditLog']['edges'][number]['node'];

/** Issue 13 item 9 (ADMIN): the city's audit log, newest first, a page at a time. */
export function AuditLogPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, fetchMore, refetch } = useQuery(AuditLogDocument, { variables: { first: PAGE_SIZE }, ...READ_ON_VISIT });
  const log = data?.auditLog;

  if (!log) {
    return <NotLoaded failed={!!error} onRetry={() => void refetch()} />;
  }
  return (
    <>
      <p className="lead">{t('console.audit.intro', { zone: timeZoneName(tenant.timezone, locale) })}</p>
      {log.edges.length === 0 ? (
        <p>{t('console.audit.empty')}</p>
      ) : (
        <DataTable
          caption={t('console.audit.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('console.audit.time') },
            { label: t('console.audit.actor') },
            { label: t('console.audit.event') },
            { label: t('console.audit.subject') },
            { label: t('console.audit.details') },
          ]}
        >
          {log.edges.map(({ node: event }) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.occurredAt}>{cityDateTime(event.occurredAt, tenant.timezone, locale)}</time>
              </td>
              <td>{actorText(event, t)}</td>
              <td>{event.label}</td>
              <td>{subjectText(event, t)}</td>
              <td>{auditDetailText(event.detail, t, locale) ?? t('console.admin.none')}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p role="status">{log.pageInfo.hasNextPage ? t('console.audit.loaded', { count: log.edges.length }) : t('console.audit.end')}</p>
      <LoadMore hasMore={log.pageInfo.hasNextPage} load={() => loadNextPage(fetchMore, data, 'auditLog')} />
    </>
  );
}

/** Whom the event was about (whose role changed, whose access was removed), by name; a user since removed by their id's start. */
function subjectText(event: AuditEvent, t: ReturnType<typeof useT>): string {
  if (event.subjectName) return personText(event.subjectName, event.subjectSignIn, t);
  return event.userId ? t('console.audit.actorUnknown', { id: event.userId.slice(0, 8) }) : t('console.admin.none');
}

/** Who acted, as a person reads it: the user's name from the API, else what the actor word means. */
function actorText(event: AuditEvent, t: ReturnType<typeof useT>): string {
  if (event.actorName) return personText(event.actorName, event.actorSignIn, t);
  switch (event.actor) {
    case 'platform-operator':
      return t('console.audit.actorOperator');
    case 'anonymous':
      return t('console.audit.actorAnonymous');
    case 'system':
      return t('console.audit.actorSystem');
    case 'cli':
      return t('console.audit.actorCli');
    case 'production-start':
      return t('console.audit.actorProductionStart');
    default:
      // A user id the API names no one by is a user since removed; any other word is no user's, and never shown as one.
      return USER_ID.test(event.actor) ? t('console.audit.actorUnknown', { id: event.actor.slice(0, 8) }) : event.actor;
  }
}

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A person by name with how they sign in: a name is whatever its holder typed, and two people may share one (a resident
 * may go by the ADMIN's), while what they sign in with is theirs alone. Once, where the name is that already.
 */
function personText(name: string, signIn: string | null, t: ReturnType<typeof useT>): string {
  return signIn && signIn !== name ? t('console.audit.person', { name, signIn }) : name;
}
