import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConsoleMethodTotalsFragment } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../shared/api';
import { DataTable } from '../../shared/data-table';
import { Field } from '../../shared/field';
import { timeZoneName } from '../../shared/hours';
import { useLocale, useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import type { PageTenant } from '../../shared/page-tenant';
import { cityDate, cityToday } from '../city-time';
import { READ_ON_VISIT } from '../read-on-visit';
import { PaymentTotalsDocument } from './totals-operations';
import './totals.css';

/** A date as the API's LocalDate takes it: a four-digit year. */
const DATE_WRITTEN = /^\d{4}-\d{2}-\d{2}$/;

interface Period {
  readonly from: string;
  readonly to: string;
}

/**
 * SUPPORT and ADMIN: what came in and went out, per day (the city's) and
 * method, for the figures a billing office checks against its bank deposits.
 * Opens on the city's today. The page says itself what is wrong with a
 * period it can see (a date missing or mistyped, To before From) in the words
 * of its own fields, and the API what it alone knows (longer than 92 days).
 * A refused press takes focus to the field at fault, whose description is
 * the reason: a screen reader reads it, where an error appearing beside a
 * field while focus stays on the button is never heard.
 */
export function TotalsPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const today = cityToday(tenant.timezone);
  const [typed, setTyped] = useState<Period>({ from: today, to: today });
  const [asked, setAsked] = useState<Period>(typed);
  // What the page itself finds wrong before asking: a field left empty, or a year mistyped past four digits (the date
  // field takes up to six), which the API's LocalDate would refuse in its own English words, naming no field.
  // A period backwards, too: the API's sentence for it names its arguments ("to", "from"), in English in any language.
  const [unfit, setUnfit] = useState<{ readonly field: keyof Period; readonly key: 'console.totals.required' | 'console.totals.invalid' | 'console.totals.backwards' } | null>(null);
  const { data, error, loading, refetch } = useQuery(PaymentTotalsDocument, { variables: asked, ...READ_ON_VISIT });
  // Presses of Show totals, and the last whose refusal (if any) focus has gone to.
  const [presses, setPresses] = useState(0);
  const answered = useRef(0);
  // The API's refusal of the period asked, said beside the field it names.
  const refusal = errorCode(error) === 'BAD_USER_INPUT' ? errorMessage(error) : null;
  const refusedField = errorField(error) === 'from' ? 'from' : 'to';
  const problemOf = (field: keyof Period) =>
    unfit ? (unfit.field === field ? t(unfit.key, { from: t('console.totals.from'), to: t('console.totals.to') }) : undefined) : refusal && refusedField === field ? refusal : undefined;
  const faultyField = unfit ? unfit.field : refusal ? refusedField : null;

  useEffect(() => {
    if (answered.current === presses || loading) return;
    answered.current = presses;
    if (faultyField) document.getElementById(`${ids}-${faultyField}`)?.focus();
  }, [presses, loading, faultyField, ids]);

  function show(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const empty = (['from', 'to'] as const).find((field) => !typed[field]);
    const malformed = (['from', 'to'] as const).find((field) => !DATE_WRITTEN.test(typed[field]));
    // Both written YYYY-MM-DD, so their order as text is their order as days.
    const backwards = !empty && !malformed && typed.to < typed.from;
    const found = empty
      ? { field: empty, key: 'console.totals.required' as const }
      : malformed
        ? { field: malformed, key: 'console.totals.invalid' as const }
        : backwards
          ? { field: 'to' as const, key: 'console.totals.backwards' as const }
          : null;
    setUnfit(found);
    setPresses((count) => count + 1);
    if (!found) setAsked(typed);
  }

  const totals = data?.paymentTotals;
  const columns = [
    { label: t('console.totals.method') },
    { label: t('console.totals.received'), numeric: true },
    { label: t('console.totals.fees'), numeric: true },
    { label: t('console.totals.refunded'), numeric: true },
    { label: t('console.totals.voided'), numeric: true },
    { label: t('console.totals.returned'), numeric: true },
    { label: t('console.totals.disputed'), numeric: true },
    { label: t('console.totals.disputesWon'), numeric: true },
    { label: t('console.totals.net'), numeric: true },
  ];
  const period = totals ? t('console.totals.period', { from: cityDate(totals.from, locale), to: cityDate(totals.to, locale) }) : '';

  return (
    <>
      <p className="lead">{t('console.totals.intro', { zone: timeZoneName(tenant.timezone, locale) })}</p>
      <form className="totals-period" noValidate aria-label={t('console.totals.form')} onSubmit={show}>
        {(['from', 'to'] as const).map((field) => (
          <Field key={field} id={`${ids}-${field}`} label={t(`console.totals.${field}`)} error={problemOf(field)}>
            {(control) => <input {...control} type="date" value={typed[field]} onChange={(event) => setTyped({ ...typed, [field]: event.target.value })} />}
          </Field>
        ))}
        <button type="submit">{t('console.totals.show')}</button>
      </form>
      {refusal ? null : !totals ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : totals.days.length === 0 ? (
        <p role="status">{t('console.totals.none', { period })}</p>
      ) : (
        <>
          <DataTable caption={t('console.totals.byDay', { period })} landmark className="data-table" columns={[{ label: t('console.totals.date') }, ...columns]}>
            {totals.days.flatMap((day) => [
              ...day.methods.map((method) => <MethodRow key={`${day.date}-${method.methodKind}`} lead={cityDate(day.date, locale)} method={method} />),
              <tr key={`${day.date}-net`} className="subtotal">
                <th scope="row" colSpan={7}>
                  {t('console.totals.dayNet', { date: cityDate(day.date, locale) })}
                </th>
                <td className="number nowrap">{day.net.formatted}</td>
              </tr>,
            ])}
          </DataTable>
          <DataTable caption={t('console.totals.byMethod', { period })} landmark className="data-table" columns={columns}>
            {totals.methods.map((method) => (
              <MethodRow key={method.methodKind} method={method} />
            ))}
            <tr className="subtotal">
              <th scope="row" colSpan={6}>
                {t('console.totals.periodNet')}
              </th>
              <td className="number nowrap">{totals.net.formatted}</td>
            </tr>
          </DataTable>
        </>
      )}
    </>
  );
}

/** One method's figures; a count beside each amount ("2 · $83.90"). `lead`: the day, in the table by day. */
function MethodRow({ lead, method }: { readonly lead?: string; readonly method: ConsoleMethodTotalsFragment }) {
  const t = useT();
  const counted = (move: { readonly count: number; readonly amount: { readonly formatted: string } }) => (move.count === 0 ? '—' : `${move.count} · ${move.amount.formatted}`);
  const label = t(`paymentMethod.${method.methodKind}`);
  return (
    <tr>
      {lead !== undefined && <th scope="row">{lead}</th>}
      {lead === undefined ? <th scope="row">{label}</th> : <td>{label}</td>}
      <td className="number nowrap">{counted(method.received)}</td>
      <td className="number nowrap">{method.fees.formatted}</td>
      <td className="number nowrap">{counted(method.refunded)}</td>
      <td className="number nowrap">{counted(method.voided)}</td>
      <td className="number nowrap">{counted(method.returned)}</td>
      <td className="number nowrap">{counted(method.disputed)}</td>
      <td className="number nowrap">{counted(method.disputesWon)}</td>
      <td className="number nowrap">{method.net.formatted}</td>
    </tr>
  );
}
