import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { ConsoleImportBillsCsvMutation } from '../../gql/graphql';
import { errorMessage } from '../../shared/api';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { isServerWords, message, useMessageText, type Message } from '../../shared/message';
import { useErrorInTitle } from '../../shared/page-title';
import { ImportBillsCsvDocument } from './admin-operations';
import { MAX_IMPORT_ROWS, countCsvRecords, decodeCsvBytes } from './csv-records';

type ImportResult = ConsoleImportBillsCsvMutation['importBillsCsv'];

interface ChosenFile {
  readonly name: string;
  readonly text: string;
  readonly rows: number;
}

/**
 * Where the page is: a file checked (a dry run) and found bad, or ready with
 * a count the person confirms; then imported. Bad files and whole-file
 * refusals are `problem`; both leave the database untouched.
 */
type Stage =
  | { readonly kind: 'choosing' }
  | { readonly kind: 'problem'; readonly file: string; readonly message: Message | null; readonly result: ImportResult | null }
  | { readonly kind: 'ready'; readonly file: ChosenFile; readonly result: ImportResult }
  | { readonly kind: 'imported'; readonly file: string; readonly result: ImportResult };

/** Issue 13 item 8 (ADMIN): upload a CSV of bills, see every bad row, import all or nothing. */
export function BillImportPage() {
  const t = useT();
  const say = useMessageText();
  const { locale } = useLocale();
  const count = (n: number) => n.toLocaleString(`${locale}-US`);
  const ids = useId();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  const [dragging, setDragging] = useState(false);
  const [send, { loading }] = useMutation(ImportBillsCsvDocument);
  const input = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const outcome = useRef<HTMLDivElement>(null);

  useErrorInTitle(stage.kind === 'problem');
  const tooMany = (chosen: ChosenFile): Message => message('console.import.tooManyRows', { file: chosen.name, rows: count(chosen.rows), max: count(MAX_IMPORT_ROWS) });

  // The API's words about a file (its rows' problems, a refusal of the whole) are in the language the check was asked
  // in. After a switch the file is checked again, in the new one: a check writes nothing, so asking again is safe,
  // and the rows' problems, line by line, are what the person has to read to fix the file.
  const checkedIn = useRef(locale);
  useEffect(() => {
    if (checkedIn.current === locale) return;
    checkedIn.current = locale;
    const saidByApi = stage.kind === 'problem' && (stage.result !== null || (stage.message !== null && isServerWords(stage.message)));
    if (saidByApi && file && !loading) void run(file, true);
    // Only a switch of language asks again; the stage and file are read as they are then.
  }, [locale]);
  // A problem, a count to confirm or a finished import: focus goes to it, so a screen reader reads it at once.
  useEffect(() => {
    if (stage.kind === 'problem') summary.current?.focus();
    else if (stage.kind !== 'choosing') outcome.current?.focus();
  }, [stage]);

  async function choose(chosen: File | undefined) {
    setStage({ kind: 'choosing' });
    if (!chosen) return setFile(null);
    // Not chosen.text(): that reads every file as UTF-8, and Excel's plain "CSV" is Windows-1252.
    const text = decodeCsvBytes(await chosen.arrayBuffer());
    const next = { name: chosen.name, text, rows: countCsvRecords(text) };
    setFile(next);
    // Refused here rather than after sending a file the API would refuse as a whole.
    if (next.rows > MAX_IMPORT_ROWS) {
      setStage({ kind: 'problem', file: next.name, message: tooMany(next), result: null });
    }
  }

  async function run(chosen: ChosenFile, dryRun: boolean) {
    try {
      const { data } = await send({ variables: { input: { csv: chosen.text, dryRun } } });
      const result = data?.importBillsCsv;
      if (!result) return setStage({ kind: 'problem', file: chosen.name, message: message('common.loadFailed'), result: null });
      if (result.userErrors.length > 0) return setStage({ kind: 'problem', file: chosen.name, message: { text: result.userErrors.map((e) => e.message).join(' ') }, result: null });
      if (result.rowErrorCount > 0) return setStage({ kind: 'problem', file: chosen.name, message: null, result });
      setStage(dryRun ? { kind: 'ready', file: chosen, result } : { kind: 'imported', file: chosen.name, result });
    } catch (error) {
      const said = errorMessage(error);
      setStage({ kind: 'problem', file: chosen.name, message: said ? { text: said } : message('common.loadFailed'), result: null });
    }
  }

  function check(event: FormEvent) {
    event.preventDefault();
    if (!file) return setStage({ kind: 'problem', file: '', message: message('console.import.chooseFirst'), result: null });
    if (file.rows > MAX_IMPORT_ROWS) return setStage({ kind: 'problem', file: file.name, message: tooMany(file), result: null });
    void run(file, true);
  }

  function startAgain() {
    setFile(null);
    setStage({ kind: 'choosing' });
    if (input.current) input.current.value = '';
    input.current?.focus();
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) void choose(dropped);
  }

  const fieldId = `${ids}-file`;
  const hintId = `${ids}-hint`;
  // Bad rows or a refused file: either way the file is what needs fixing.
  const fileProblem = stage.kind === 'problem';
  return (
    <>
      <p className="lead">{t('console.import.intro')}</p>
      <p>{t('console.import.idempotent')}</p>

      {stage.kind === 'problem' && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby={`${ids}-summary`}>
          <h2 id={`${ids}-summary`}>{t('console.import.problemHeading')}</h2>
          {stage.message && <p>{say(stage.message)}</p>}
          {stage.result && (
            <p>
              {t(stage.result.rowErrorCount === 1 ? 'console.import.problemCountOne' : 'console.import.problemCount', { count: stage.result.rowErrorCount, file: stage.file })}
              {stage.result.rowErrorCount > stage.result.rowErrors.length && <> {t('console.import.problemFirst', { shown: stage.result.rowErrors.length, count: stage.result.rowErrorCount })}</>}
            </p>
          )}
          {stage.result && <a href={`#${ids}-problems`}>{t('console.import.seeProblems')}</a>}
        </div>
      )}

      {(stage.kind === 'choosing' || stage.kind === 'problem') && (
        <form onSubmit={check} noValidate>
          <div
            className="drop-zone"
            data-dragging={dragging}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
          >
            <div className="field">
              <label htmlFor={fieldId}>{t('console.import.fileLabel')}</label>
              <div id={hintId}>
                <p className="hint">{t('console.import.columns')}</p>
                <p className="hint">{t('console.import.limit', { max: count(MAX_IMPORT_ROWS) })}</p>
              </div>
              <input
                ref={input}
                id={fieldId}
                name="csv"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={hintId}
                aria-invalid={fileProblem ? true : undefined}
                onChange={(event) => void choose(event.target.files?.[0])}
              />
              <p className="hint">{t('console.import.dropHint')}</p>
            </div>
            {file && <p>{t(file.rows === 1 ? 'console.import.chosenOne' : 'console.import.chosen', { file: file.name, rows: count(file.rows) })}</p>}
          </div>
          <div className="actions">
            <button type="submit" disabled={loading}>
              {t(loading ? 'console.import.checking' : 'console.import.check')}
            </button>
          </div>
        </form>
      )}

      {stage.kind === 'problem' && stage.result && <RowErrors id={`${ids}-problems`} result={stage.result} />}

      {stage.kind === 'ready' && (
        <div className="notice" role="status" tabIndex={-1} ref={outcome}>
          {stage.result.imported > 0 ? (
            <p>{t(stage.result.imported === 1 ? 'console.import.readyOne' : 'console.import.ready', { count: stage.result.imported, file: stage.file.name })}</p>
          ) : (
            <p>{t(stage.result.alreadyImported === 1 ? 'console.import.nothingNewOne' : 'console.import.nothingNew', { count: stage.result.alreadyImported, file: stage.file.name })}</p>
          )}
          {stage.result.imported > 0 && stage.result.alreadyImported > 0 && (
            <p>{t(stage.result.alreadyImported === 1 ? 'console.import.alreadyThereOne' : 'console.import.alreadyThere', { count: stage.result.alreadyImported })}</p>
          )}
        </div>
      )}
      {stage.kind === 'ready' && (
        <div className="actions">
          {stage.result.imported > 0 && (
            <button type="button" disabled={loading} onClick={() => void run(stage.file, false)}>
              {t(loading ? 'console.import.importing' : stage.result.imported === 1 ? 'console.import.confirmOne' : 'console.import.confirm', { count: stage.result.imported })}
            </button>
          )}
          <button type="button" className="secondary" disabled={loading} onClick={startAgain}>
            {t('console.import.chooseAnother')}
          </button>
        </div>
      )}

      {stage.kind === 'imported' && (
        <>
          <div className="notice" role="status" tabIndex={-1} ref={outcome}>
            <p>{t(stage.result.imported === 1 ? 'console.import.doneOne' : 'console.import.done', { count: stage.result.imported, file: stage.file })}</p>
            {stage.result.alreadyImported > 0 && (
              <p>{t(stage.result.alreadyImported === 1 ? 'console.import.doneAlreadyOne' : 'console.import.doneAlready', { count: stage.result.alreadyImported })}</p>
            )}
          </div>
          <div className="actions">
            <button type="button" className="secondary" onClick={startAgain}>
              {t('console.import.chooseAnother')}
            </button>
          </div>
        </>
      )}
    </>
  );
}

/** Every reported problem: its CSV line, its column as the file names it, and the API's message in the page's language. */
function RowErrors({ id, result }: { readonly id: string; readonly result: ImportResult }) {
  const t = useT();
  return (
    <DataTable
      caption={t('console.import.errorsCaption')}
      landmark
      id={id}
      className="data-table"
      columns={[{ label: t('console.import.line'), numeric: true }, { label: t('console.import.column') }, { label: t('console.import.message') }]}
    >
      {result.rowErrors.map((error, index) => (
        <tr key={`${error.line}-${error.field ?? ''}-${index}`}>
          <td className="number">{error.line}</td>
          <td>{error.field ?? t('console.import.wholeRow')}</td>
          <td>{error.message}</td>
        </tr>
      ))}
    </DataTable>
  );
}
