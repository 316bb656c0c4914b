import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConsoleDrawerCloseFragment } from '../../gql/graphql';
import { decimalFromCents, parseAmountCents } from '../../shared/decimal-amount';
import { Field } from '../../shared/field';
import { useLocale, useT } from '../../shared/locale';
import { cityDateTime } from '../city-time';
import { CloseDrawerDocument } from './drawer-operations';

type FieldName = 'countedCash' | 'countedChecksCount' | 'countedChecksTotal' | 'reason';
const FIELDS: readonly FieldName[] = ['countedCash', 'countedChecksCount', 'countedChecksTotal', 'reason'];

/**
 * The close of the clerk's drawer for `date`: the form to say what they counted while it is open, else what was kept
 * (closeCounterDrawer). The API says whether the count is off and by how much (at the reason), and refuses a second
 * close: its words are shown at the field they name, or above the form. One key per filled-in form, so a double press
 * or a retry closes once; any edit is a new close.
 */
export function DrawerClose({
  date,
  close,
  timeZone,
  onClosed,
}: {
  readonly date: string;
  readonly close: ConsoleDrawerCloseFragment | null;
  readonly timeZone: string;
  readonly onClosed: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const [typed, setTyped] = useState<Record<FieldName, string>>({ countedCash: '', countedChecksCount: '', countedChecksTotal: '', reason: '' });
  const [problems, setProblems] = useState<{ fields: Partial<Record<FieldName, string>>; form: string[] }>({ fields: {}, form: [] });
  const [send, { loading }] = useMutation(CloseDrawerDocument);
  const key = useRef<string | null>(null);
  const firstProblem = useRef<string | null>(null);

  useEffect(() => {
    if (firstProblem.current) document.getElementById(firstProblem.current)?.focus();
    firstProblem.current = null;
  }, [problems]);

  if (close) {
    const figures = (cash: { formatted: string }, count: number, checks: { formatted: string }) => t('console.drawer.close.figures', { cash: cash.formatted, count, checks: checks.formatted });
    return (
      <section aria-labelledby={`${ids}-closed`}>
        <h3 id={`${ids}-closed`}>{t('console.drawer.close.closed')}</h3>
        <dl className="facts">
          <dt>{t('console.drawer.close.closedAt')}</dt>
          <dd>{cityDateTime(close.closedAt, timeZone, locale)}</dd>
          <dt>{t('console.drawer.close.expected')}</dt>
          <dd>{figures(close.expectedCash, close.expectedChecksCount, close.expectedChecks)}</dd>
          <dt>{t('console.drawer.close.counted')}</dt>
          <dd>{figures(close.countedCash, close.countedChecksCount, close.countedChecks)}</dd>
          <dt>{t('console.drawer.close.overShort')}</dt>
          <dd>{close.overShort.formatted}</dd>
          {close.reason && (
            <>
              <dt>{t('console.drawer.close.why')}</dt>
              <dd>{close.reason}</dd>
            </>
          )}
        </dl>
      </section>
    );
  }

  const fieldId = (name: FieldName) => `${ids}-${name}`;
  const edit = (name: FieldName) => (value: string) => {
    key.current = null;
    setTyped((was) => ({ ...was, [name]: value }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    const cash = parseAmountCents(typed.countedCash);
    const checks = parseAmountCents(typed.countedChecksTotal);
    const count = /^\s*\d{1,5}\s*$/.test(typed.countedChecksCount) ? Number(typed.countedChecksCount) : null;
    const fields: Partial<Record<FieldName, string>> = {};
    if (cash === null) fields.countedCash = t('console.drawer.close.amountInvalid');
    if (count === null) fields.countedChecksCount = t('console.drawer.close.countInvalid');
    if (checks === null) fields.countedChecksTotal = t('console.drawer.close.amountInvalid');
    if (cash === null || checks === null || count === null) return said({ fields, form: [] });
    key.current ??= crypto.randomUUID();
    try {
      const { data } = await send({
        variables: {
          input: {
            idempotencyKey: key.current,
            date,
            countedCash: decimalFromCents(cash),
            countedChecksCount: count,
            countedChecksTotal: decimalFromCents(checks),
            reason: typed.reason.trim() || null,
          },
        },
      });
      const answer = data?.closeCounterDrawer;
      if (answer?.close) return onClosed();
      const refused: { fields: Partial<Record<FieldName, string>>; form: string[] } = { fields: {}, form: [] };
      for (const error of answer?.userErrors ?? []) {
        const name = FIELDS.find((field) => field === error.field.at(-1));
        if (name && !refused.fields[name]) refused.fields[name] = error.message;
        else refused.form.push(error.message);
      }
      said(refused.form.length > 0 || Object.keys(refused.fields).length > 0 ? refused : { fields: {}, form: [t('common.loadFailed')] });
    } catch {
      // The key is kept: pressing again closes once, whether or not this press did.
      said({ fields: {}, form: [t('common.loadFailed')] });
    }
  }

  /** Shows the problems, focusing the first field at fault, else the summary above the form. */
  function said(found: { fields: Partial<Record<FieldName, string>>; form: string[] }) {
    const first = FIELDS.find((name) => found.fields[name]);
    firstProblem.current = first ? fieldId(first) : found.form.length > 0 ? `${ids}-problem` : null;
    setProblems(found);
  }

  const field = (name: FieldName, label: string, inputMode: 'decimal' | 'numeric' | undefined) => (
    <Field id={fieldId(name)} label={label} error={problems.fields[name]}>
      {(control) => <input {...control} inputMode={inputMode} autoComplete="off" value={typed[name]} onChange={(event) => edit(name)(event.target.value)} />}
    </Field>
  );

  return (
    <form className="card" noValidate aria-labelledby={`${ids}-heading`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${ids}-heading`}>{t('console.drawer.close.heading')}</h3>
      <p>{t('console.drawer.close.intro')}</p>
      {problems.form.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} id={`${ids}-problem`}>
          {problems.form.map((text, index) => (
            <p key={index}>{text}</p>
          ))}
        </div>
      )}
      {field('countedCash', t('console.drawer.close.cash'), 'decimal')}
      {field('countedChecksCount', t('console.drawer.close.checksCount'), 'numeric')}
      {field('countedChecksTotal', t('console.drawer.close.checksTotal'), 'decimal')}
      {field('reason', t('console.drawer.close.reason'), undefined)}
      {/* Busy rather than disabled: a disabled button loses focus to the document. */}
      <button type="submit" aria-disabled={loading || undefined}>
        {t(loading ? 'console.drawer.close.closing' : 'console.drawer.close.submit')}
      </button>
    </form>
  );
}
