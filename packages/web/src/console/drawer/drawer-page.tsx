import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConsoleDrawerMethodFragment } from '../../gql/graphql';
import { errorCode, errorMessage } from '../../shared/api';
import { DataTable } from '../../shared/data-table';
import { Field } from '../../shared/field';
import { timeZoneName } from '../../shared/hours';
import { useLocale, useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import type { PageTenant } from '../../shared/page-tenant';
import { cityDate, cityDateTime, cityToday } from '../city-time';
import { statusLabel } from '../payment-labels';
import { READ_ON_VISIT } from '../read-on-visit';
import { DrawerClose } from './drawer-close';
import { ReopenDrawerDialog } from './drawer-reopen';
import { AllDrawersDocument, MyDrawerDocument } from './drawer-operations';
import '../totals/totals.css';

/** A date as the API's LocalDate takes it: a four-digit year. */
const DATE_WRITTEN = /^\d{4}-\d{2}-\d{2}$/;

type Counted = { readonly count: number; readonly amount: { readonly formatted: string } };

/**
 * The counter's drawer at the day's close. A clerk sees what they took on a day of the city's calendar (opening on
 * today): cash and checks, the voids taken out, what the drawer should hold, the cash handed over and change given,
 * the checks' numbers to tick off, and each payment. An ADMIN also sees every clerk's drawer, to balance the office's.
 * Everything comes from the API (counterDrawer, counterDrawers), read again on each visit. A day mistyped is said at
 * its field, which takes focus, as on Daily totals. The clerk closes the day's drawer here with what they counted
 * (DrawerClose); the ADMIN's table says each clerk's over or short, or that their drawer is still open.
 */
export function DrawerPage({ tenant, isAdmin, viewerId }: { readonly tenant: PageTenant; readonly isAdmin: boolean; readonly viewerId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const [typed, setTyped] = useState(() => cityToday(tenant.timezone));
  const [asked, setAsked] = useState(typed);
  const [unfit, setUnfit] = useState<'console.drawer.required' | 'console.drawer.invalid' | null>(null);
  const mine = useQuery(MyDrawerDocument, { variables: { date: asked }, ...READ_ON_VISIT });
  const all = useQuery(AllDrawersDocument, { variables: { date: asked }, skip: !isAdmin, ...READ_ON_VISIT });
  const refusal = errorCode(mine.error) === 'BAD_USER_INPUT' ? errorMessage(mine.error) : null;
  const [presses, setPresses] = useState(0);
  const answered = useRef(0);
  const problem = unfit ? t(unfit) : (refusal ?? undefined);
  const [reopening, setReopening] = useState<{ readonly clerkId: string; readonly clerkName: string; readonly date: string } | null>(null);
  const [reopened, setReopened] = useState('');

  useEffect(() => {
    if (answered.current === presses || mine.loading) return;
    answered.current = presses;
    if (problem) document.getElementById(`${ids}-date`)?.focus();
  }, [presses, mine.loading, problem, ids]);

  function show(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = !typed ? ('console.drawer.required' as const) : !DATE_WRITTEN.test(typed) ? ('console.drawer.invalid' as const) : null;
    setUnfit(found);
    setPresses((count) => count + 1);
    if (!found) setAsked(typed);
  }

  const drawer = mine.data?.counterDrawer;
  const day = cityDate(asked, locale);
  const counted = (move: Counted) => (move.count === 0 ? '—' : t('console.drawer.counted', { count: move.count, amount: move.amount.formatted }));
  const methodColumns = [
    { label: t('console.drawer.method') },
    { label: t('console.drawer.taken'), numeric: true },
    { label: t('console.drawer.voided'), numeric: true },
    { label: t('console.drawer.inDrawer'), numeric: true },
  ];
  const methodRow = (label: string, part: ConsoleDrawerMethodFragment) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td className="number nowrap">{counted(part.taken)}</td>
      <td className="number nowrap">{counted(part.voided)}</td>
      <td className="number nowrap">{part.inDrawer.formatted}</td>
    </tr>
  );

  return (
    <>
      <p className="lead">{t('console.drawer.intro', { zone: timeZoneName(tenant.timezone, locale) })}</p>
      <form className="totals-period" noValidate aria-label={t('console.drawer.form')} onSubmit={show}>
        <Field id={`${ids}-date`} label={t('console.drawer.date')} error={problem}>
          {(control) => <input {...control} type="date" value={typed} onChange={(event) => setTyped(event.target.value)} />}
        </Field>
        <button type="submit">{t('console.drawer.show')}</button>
      </form>
      {refusal ? null : !drawer ? (
        <NotLoaded failed={!!mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <section aria-labelledby={`${ids}-mine`}>
          <h2 id={`${ids}-mine`}>{t('console.drawer.mine', { date: day })}</h2>
          <DrawerClose
            date={asked}
            close={drawer.close ?? null}
            timeZone={tenant.timezone}
            onClosed={() => {
              void mine.refetch();
              if (isAdmin) void all.refetch();
            }}
          />
          {drawer.payments.length === 0 ? (
            <p role="status">{t('console.drawer.nothing', { date: day })}</p>
          ) : (
            <>
              <DataTable caption={t('console.drawer.mine', { date: day })} captionHidden className="data-table" columns={methodColumns}>
                {methodRow(t('paymentMethod.CASH'), drawer.cash)}
                {methodRow(t('paymentMethod.CHECK'), drawer.checks)}
                <tr className="subtotal">
                  <th scope="row" colSpan={3}>
                    {t('console.drawer.total')}
                  </th>
                  <td className="number nowrap">{drawer.total.formatted}</td>
                </tr>
              </DataTable>
              <dl className="facts">
                <dt>{t('console.drawer.cashReceived')}</dt>
                <dd>{drawer.cashReceived.formatted}</dd>
                <dt>{t('console.drawer.changeGiven')}</dt>
                <dd>{drawer.changeGiven.formatted}</dd>
              </dl>
              <h3 id={`${ids}-checks`}>{t('console.drawer.checkNumbers')}</h3>
              {drawer.checkNumbers.length === 0 ? (
                <p>{t('console.drawer.noChecks')}</p>
              ) : (
                <ul aria-labelledby={`${ids}-checks`}>
                  {drawer.checkNumbers.map((number, index) => (
                    <li key={`${number}-${index}`}>{t('paymentMethod.check', { number })}</li>
                  ))}
                </ul>
              )}
              <DataTable
                caption={t('console.drawer.payments', { date: day })}
                className="data-table"
                columns={[
                  { label: t('console.drawer.time') },
                  { label: t('console.drawer.confirmation') },
                  { label: t('console.drawer.method') },
                  { label: t('console.drawer.amount'), numeric: true },
                  { label: t('console.drawer.cashReceived'), numeric: true },
                  { label: t('console.drawer.changeGiven'), numeric: true },
                  { label: t('console.drawer.status') },
                  { label: t('console.drawer.receivedBy') },
                ]}
              >
                {drawer.payments.map((payment) => (
                  <tr key={payment.id}>
                    <td className="nowrap">{cityDateTime(payment.madeAt, tenant.timezone, locale)}</td>
                    <th scope="row">{payment.confirmationNumber}</th>
                    <td>{payment.checkNumber ? t('paymentMethod.check', { number: payment.checkNumber }) : t(`paymentMethod.${payment.methodKind === 'CHECK' ? 'CHECK' : 'CASH'}`)}</td>
                    <td className="number nowrap">{payment.amount.formatted}</td>
                    <td className="number nowrap">{payment.cashReceived?.formatted ?? '—'}</td>
                    <td className="number nowrap">{payment.changeGiven?.formatted ?? '—'}</td>
                    <td>{statusLabel(t, payment.status, payment.statusLabel)}</td>
                    <td>{payment.receivedBy}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
        </section>
      )}
      {isAdmin && !refusal && (
        <section aria-labelledby={`${ids}-all`}>
          <h2 id={`${ids}-all`}>{t('console.drawer.all', { date: day })}</h2>
          {/* Always in the page, so the reopening is announced when it is filled in. */}
          <p role="status" className={reopened ? 'notice' : 'visually-hidden'}>
            {reopened}
          </p>
          {reopening && <ReopenDrawerDialog drawer={reopening} dayText={day} onClose={() => setReopening(null)} onDone={(said) => (setReopening(null), setReopened(said))} />}
          {!all.data ? (
            <NotLoaded failed={!!all.error} onRetry={() => void all.refetch()} />
          ) : all.data.counterDrawers.length === 0 ? (
            <p role="status">{t('console.drawer.allNone', { date: day })}</p>
          ) : (
            <DataTable
              caption={t('console.drawer.all', { date: day })}
              captionHidden
              className="data-table"
              columns={[
                { label: t('console.drawer.clerk') },
                { label: t('console.drawer.cashIn'), numeric: true },
                { label: t('console.drawer.checksIn'), numeric: true },
                { label: t('console.drawer.voids'), numeric: true },
                { label: t('console.drawer.total'), numeric: true },
                { label: t('console.drawer.checkNumbers') },
                { label: t('console.drawer.close.overShort'), numeric: true },
                { label: t('console.drawer.actions') },
              ]}
            >
              {all.data.counterDrawers.map((clerk) => (
                <tr key={clerk.clerkId}>
                  <th scope="row">{clerk.clerkName ?? t('console.drawer.clerkRemoved')}</th>
                  <td className="number nowrap">{clerk.cash.inDrawer.formatted}</td>
                  <td className="number nowrap">{clerk.checks.inDrawer.formatted}</td>
                  <td className="number nowrap">
                    {[clerk.cash.voided, clerk.checks.voided]
                      .filter((voided) => voided.count > 0)
                      .map(counted)
                      .join(', ') || '—'}
                  </td>
                  <td className="number nowrap">{clerk.total.formatted}</td>
                  <td>{clerk.checkNumbers.map((number) => `#${number}`).join(', ') || '—'}</td>
                  <td className="number nowrap">{clerk.close?.overShort.formatted ?? t('console.drawer.close.open')}</td>
                  <td>
                    {/* Another clerk's closed drawer: a count is never reopened by the one who made it (the API says so too). */}
                    {clerk.close && clerk.clerkId !== viewerId && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => (setReopened(''), setReopening({ clerkId: clerk.clerkId, clerkName: clerk.clerkName ?? t('console.drawer.clerkRemoved'), date: clerk.date }))}
                      >
                        {t('console.drawer.reopen.button')}
                        <span className="visually-hidden"> {clerk.clerkName ?? t('console.drawer.clerkRemoved')}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      )}
    </>
  );
}
