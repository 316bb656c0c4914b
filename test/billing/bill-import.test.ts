import { appUrl, withClient } from '@platform/db';
import { type GraphQLTestClient } from '@platform/testkit';
import type { Client } from 'pg';
import { countRows, registerCustomer, bearer, tenantRows } from '../customers/customer-api';
import { countStatements } from '../gateway/statement-counter';
import { BILL_HEADER, IMPORT_CSV, IMPORT_LIST, LOOKUP, accountById, importCsv, openAccount, signInStaff, type ImportResult, platformWithNorwalkStaff } from './billing-api';

const env = platformWithNorwalkStaff({ seed: true });

const tableCounts = async () => ({
  payables: await countRows(env.platform, 'norwalk', 'payables'),
  lines: Number((await tenantRows<{ n: string }>(env.platform, 'norwalk', 'SELECT coalesce(sum(cardinality(line_categories)), 0) AS n FROM payables'))[0]!.n),
  ledger: await countRows(env.platform, 'norwalk', 'ledger_entries'),
  imports: await countRows(env.platform, 'norwalk', 'bill_imports'),
});

type Payable = { kind: string; referenceNumber: string; issueDate: string; dueDate: string; total: { amount: string }; lineItems: { category: string; amount: { amount: string } }[] };

describe('importing bills by CSV', () => {
  it('imports every row, shows the bills and moves the balance; a second import of the same file changes nothing', async () => {
    const a = await openAccount(env.support, { accountNumber: '30-0001-00' });
    const b = await openAccount(env.support, { accountNumber: '30-0002-00' });
    const csv = [
      BILL_HEADER,
      'B-3001,30-0001-00,2026-09-01,2026-09-22,45.10,22.00,18.75',
      'B-3002,30-0001-00,2026-10-01,2026-10-22,47.30,22.00,18.75',
      '"B-3003","30 0002 00",2026-10-01,2026-10-22,"1,204.50",,',
    ].join('\r\n');
    const before = await tableCounts();
    expect(await importCsv(env.support, csv)).toEqual({ received: 3, imported: 3, alreadyImported: 0, rowErrorCount: 0, rowErrors: [], userErrors: [] });
    expect(await tableCounts()).toEqual({ payables: before.payables + 3, lines: before.lines + 7, ledger: before.ledger + 3, imports: before.imports + 1 });

    const account = await accountById(env.support, a.id);
    expect(account.balance.posted.amount).toBe('173.90');
    const payables = account.payables as Payable[];
    expect(payables.map((p) => p.referenceNumber)).toEqual(['B-3002', 'B-3001']);
    expect(payables[1]).toEqual({
      kind: 'UTILITY_BILL',
      referenceNumber: 'B-3001',
      issueDate: '2026-09-01',
      dueDate: '2026-09-22',
      total: { amount: '85.85' },
      lineItems: [
        { category: 'WATER', amount: { amount: '45.10' } },
        { category: 'SEWER', amount: { amount: '22.00' } },
        { category: 'TRASH', amount: { amount: '18.75' } },
      ],
    });

    const again = await importCsv(env.admin, csv);
    expect(again).toMatchObject({ received: 3, imported: 0, alreadyImported: 3, rowErrorCount: 0 });
    expect((await tableCounts()).ledger).toBe(before.ledger + 3);
    expect((await accountById(env.support, b.id)).balance.posted.amount).toBe('1204.50');
  });

  it('adds only the new bills of a file that repeats earlier ones, each with its own lines and one ledger entry', async () => {
    const a = await openAccount(env.support, { accountNumber: '30-0003-00' });
    const earlier = ['B-3011,30-0003-00,2026-09-01,2026-09-22,10.00,20.00,', 'B-3012,30-0003-00,2026-10-01,2026-10-22,11.00,,'];
    expect(await importCsv(env.support, [BILL_HEADER, ...earlier].join('\n'))).toMatchObject({ imported: 2, alreadyImported: 0, rowErrorCount: 0 });
    const before = await tableCounts();

    const csv = [BILL_HEADER, earlier[1], 'B-3013,30-0003-00,2026-11-01,2026-11-22,12.00,3.00,4.00', earlier[0]].join('\n');
    expect(await importCsv(env.support, csv)).toEqual({ received: 3, imported: 1, alreadyImported: 2, rowErrorCount: 0, rowErrors: [], userErrors: [] });
    expect(await tableCounts()).toEqual({ payables: before.payables + 1, lines: before.lines + 3, ledger: before.ledger + 1, imports: before.imports + 1 });
    const account = await accountById(env.support, a.id);
    expect(account.balance.posted.amount).toBe('60.00');
    expect((account.payables as Payable[]).map((p) => [p.referenceNumber, p.lineItems.map((line) => `${line.category} ${line.amount.amount}`)])).toEqual([
      ['B-3013', ['WATER 12.00', 'SEWER 3.00', 'TRASH 4.00']],
      ['B-3012', ['WATER 11.00']],
      ['B-3011', ['WATER 10.00', 'SEWER 20.00']],
    ]);
  });

  it('imports nothing when any row is bad, and reports every bad row with its line and column', async () => {
    await openAccount(env.support, { accountNumber: '31-0001-00' });
    await importCsv(env.support, [BILL_HEADER, 'B-3100,31-0001-00,2026-10-01,2026-10-22,10.00,,'].join('\n'));
    const before = await tableCounts();
    const csv = [
      BILL_HEADER,
      'B-3101,31-0001-00,2026-10-01,2026-10-22,45.10,22.00,18.75', // fine on its own
      'B-3102,31-0001-00,2026-13-01,2026-10-22,45.10,,', // month 13
      'B-3103,31-0001-00,2026-10-01,2026-10-22,-5.00,,', // negative
      'B-3104,31-0001-00,2026-10-01,2026-10-22,45.105,,', // a fraction of a cent
      'B-3105,99-9999-99,2026-10-01,2026-10-22,45.10,,', // no such account
      'B-3101,31-0001-00,2026-10-01,2026-10-22,45.10,22.00,18.75', // same bill number as line 2
      'B-3100,31-0001-00,2026-10-01,2026-10-22,99.00,,', // already imported with a different amount
      'B-3106,31-0001-00,2026-10-01,2026-09-22,,,', // due before issue, and no amount
    ].join('\n');
    const result = await importCsv(env.support, csv);
    expect(result.imported).toBe(0);
    expect(result.rowErrors.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, 'issue_date', 'INVALID_DATE'],
      [4, 'water', 'INVALID_AMOUNT'],
      [5, 'water', 'INVALID_AMOUNT'],
      [6, 'account_number', 'ACCOUNT_NOT_FOUND'],
      [7, 'bill_number', 'DUPLICATE_BILL_NUMBER'],
      [8, 'bill_number', 'BILL_NUMBER_CONFLICT'],
      [9, 'due_date', 'INVALID_DATE'],
      [9, null, 'INVALID_AMOUNT'],
    ]);
    expect(result.rowErrorCount).toBe(8);
    expect(result.rowErrors.find((e) => e.line === 7)?.message).toContain('line 2');
    expect(result.rowErrors.find((e) => e.line === 5)?.message).toMatch(/two decimals/);
    expect(await tableCounts()).toEqual(before);
  });

  it('answers the first 1,000 row errors of a file with more, by line, and counts them all (the CLI prints every one)', async () => {
    await openAccount(env.support, { accountNumber: '31-0002-00' });
    // Issue dates the export wrote the American way: every row is refused, at its line.
    const rows = Array.from({ length: 1500 }, (_, i) => `B-E${i},31-0002-00,10/01/2026,2026-10-22,10.00,,`);
    const result = await importCsv(env.support, [BILL_HEADER, ...rows].join('\n'));
    expect({ imported: result.imported, rowErrorCount: result.rowErrorCount }).toEqual({ imported: 0, rowErrorCount: 1500 });
    expect(result.rowErrors.map((e) => e.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
  });

  it('reports an unknown account on a row with a format problem too, in the same answer: the clerk fixes the file once', async () => {
    await openAccount(env.support, { accountNumber: '35-0003-00' });
    const result = await importCsv(
      env.support,
      [
        BILL_HEADER,
        'B-3531,99-9999-99,2026-13-01,2026-10-22,5.00,,', // unknown account, and month 13
        'B-3532,35-0003-00,2026-10-01,2026-10-22,5.00,,',
        'B-3533,99-9999-98,2026-10-01,2026-10-22,-5.00,,', // unknown account, and a negative amount
        'B-3534,35-0003-00,2026-10-01,2026-10-22,abc,,', // a known account: only its amount is wrong
        'B-3535,!!,2026-10-01,2026-10-22,,,', // no account number to look up
      ].join('\n'),
    );
    expect({ imported: result.imported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
      imported: 0,
      rowErrors: [
        [2, 'issue_date', 'INVALID_DATE'],
        [2, 'account_number', 'ACCOUNT_NOT_FOUND'],
        [4, 'water', 'INVALID_AMOUNT'],
        [4, 'account_number', 'ACCOUNT_NOT_FOUND'],
        [5, 'water', 'INVALID_AMOUNT'],
        [6, 'account_number', 'INVALID_ACCOUNT_NUMBER'],
        [6, null, 'INVALID_AMOUNT'],
      ],
    });
    expect((await importCsv(env.support, [BILL_HEADER, 'B-3532,35-0003-00,2026-10-01,2026-10-22,5.00,,'].join('\n'))).imported).toBe(1);
  });

  it('refuses a bill issued after the city’s today, at its line and issue date, and imports none: a bill is owed from its issue date', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    const plusDays = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
    const account = await openAccount(env.support, { accountNumber: '35-0001-00' });
    const thisMonth = `B-3511,35-0001-00,${plusDays(-20)},${plusDays(10)},50.00,,`;
    const result = await importCsv(
      env.support,
      [
        BILL_HEADER,
        thisMonth,
        `B-3512,35-0001-00,${plusDays(90)},${plusDays(111)},70.00,,`, // next quarter's bill, pre-loaded
        `B-3513,35-0001-00,${plusDays(1)},${plusDays(22)},70.00,,`,
      ].join('\n'),
    );
    expect({ imported: result.imported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code, e.message]) }).toEqual({
      imported: 0,
      rowErrors: [
        [3, 'issue_date', 'DATE_IN_FUTURE', `The issue date is after today (${today}): a bill is imported once it is issued.`],
        [4, 'issue_date', 'DATE_IN_FUTURE', `The issue date is after today (${today}): a bill is imported once it is issued.`],
      ],
    });
    const spanish = await importCsv(env.support.withHeaders({ 'Accept-Language': 'es' }), [BILL_HEADER, `B-3512,35-0001-00,${plusDays(90)},${plusDays(111)},70.00,,`].join('\n'));
    expect(spanish.rowErrors.map((e) => e.message)).toEqual([`La fecha de emisión es posterior a hoy (${today}): una factura se importa una vez emitida.`]);

    // Issued today or before: taken, and only that is owed now, by the resident and a guest paying for them.
    expect(await importCsv(env.support, [BILL_HEADER, thisMonth, `B-3514,35-0001-00,${today},${plusDays(21)},7.00,,`].join('\n'))).toMatchObject({ imported: 2, rowErrors: [] });
    const guest = await env.platform.client.asTenant('norwalk').data<{ lookupAccount: { account: { amountDue: { amount: string } } } }>(LOOKUP, { input: { accountNumber: '35-0001-00' } });
    expect({ amountDueNow: (await accountById(env.support, account.id)).balance.amountDueNow.amount, guestAmountDue: guest.lookupAccount.account.amountDue.amount }).toEqual({
      amountDueNow: '57.00',
      guestAmountDue: '57.00',
    });
  });

  it('refuses a corrected re-import (lines, service period or description changed, same total) as a bill number used for another bill, never "already imported"', async () => {
    const account = await openAccount(env.support, { accountNumber: '35-0002-00' });
    const header = 'bill_number,account_number,issue_date,due_date,period_start,period_end,water,sewer,trash,description';
    const first = 'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,2026-10-31,30.00,10.00,5.00,Estimated read';
    expect(await importCsv(env.support, [header, first].join('\n'))).toMatchObject({ imported: 1 });

    const corrections = [
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,2026-10-31,10.00,30.00,5.00,Estimated read', // water and sewer swapped
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,2026-10-31,30.00,,15.00,Estimated read', // sewer's amount billed as trash
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-09-01,2026-09-30,30.00,10.00,5.00,Estimated read', // the wrong month
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,,30.00,10.00,5.00,Estimated read', // no period end
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,2026-10-31,30.00,10.00,5.00,Actual read', // another note
      'B-3521,35-0002-00,2026-11-01,2026-11-22,2026-10-01,2026-10-31,30.00,10.00,5.00,', // the note dropped
    ];
    for (const corrected of corrections) {
      const result = await importCsv(env.support, [header, corrected].join('\n'));
      expect({ corrected, alreadyImported: result.alreadyImported, rowErrors: result.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
        corrected,
        alreadyImported: 0,
        rowErrors: [[2, 'bill_number', 'BILL_NUMBER_CONFLICT']],
      });
    }
    // The bill is as first imported; the same bill sent again, in another file, is still "already imported".
    const bill = ((await accountById(env.support, account.id)).payables as Payable[]).find((p) => p.referenceNumber === 'B-3521')!;
    expect(bill.lineItems.map((line) => `${line.category} ${line.amount.amount}`)).toEqual(['WATER 30.00', 'SEWER 10.00', 'TRASH 5.00']);
    const again = await importCsv(env.support, [header, 'B-3522,35-0002-00,2026-11-01,2026-11-22,,,1.00,,,', first].join('\n'));
    expect(again).toMatchObject({ imported: 1, alreadyImported: 1, rowErrors: [] });
  });

  it('refuses a cell holding U+FFFD, what a file read in the wrong encoding shows for a letter it lost, naming its line and column', async () => {
    await openAccount(env.support, { accountNumber: '35-0004-00' });
    const header = `${BILL_HEADER},description`;
    const result = await importCsv(env.support, [header, 'B-3541,35-0004-00,2026-11-01,2026-11-22,30.00,,,Lectura estimada: medidor da\uFFFDado'].join('\n'));
    expect({ imported: result.imported, rowErrors: result.rowErrors }).toEqual({
      imported: 0,
      rowErrors: [
        {
          line: 2,
          field: 'description',
          code: 'INVALID_TEXT',
          message: 'Holds an unreadable character (\uFFFD), left where text was read in the wrong encoding: save the file as "CSV UTF-8" and import it again.',
        },
      ],
    });
  });

  it("refuses a cell holding a character the API refuses at its line and column, and takes a word processor's line break (found by review: the whole file was refused, with no line)", async () => {
    await openAccount(env.support, { accountNumber: '35-0005-00' });
    const header = `${BILL_HEADER},description`;
    const rows = ['B-3551,35-0005-00,2026-11-01,2026-11-22,30.00,,,Meter\u0000read', 'B-3552,35-0005-00,2026-11-01,2026-11-22,30.00,,,"Pat\u001b[2J"'];
    const refused = await importCsv(env.support, [header, ...rows].join('\n'));
    expect({ imported: refused.imported, rowErrors: refused.rowErrors.map((e) => [e.line, e.field, e.code]) }).toEqual({
      imported: 0,
      rowErrors: [
        [2, 'description', 'INVALID_TEXT'],
        [3, 'description', 'INVALID_TEXT'],
      ],
    });
    const taken = await importCsv(env.support, [header, 'B-3553,35-0005-00,2026-11-01,2026-11-22,30.00,,,"Estimated read\u000bmeter behind the gate"'].join('\r\n'));
    expect(taken).toMatchObject({ imported: 1, rowErrors: [] });
  });

  it('refuses a bill number that is a card number at its line and column, storing nothing, as it refuses one in the description (found by review: kept, shown to guests and on receipts)', async () => {
    await openAccount(env.support, { accountNumber: '35-0006-00' });
    const result = await importCsv(env.support, [BILL_HEADER, '4111 1111 1111 1111,35-0006-00,2026-11-01,2026-11-22,40.00,,', 'B-3561,35-0006-00,2026-11-01,2026-11-22,40.00,,'].join('\n'));
    expect({ imported: result.imported, rowErrors: result.rowErrors }).toEqual({
      imported: 0,
      rowErrors: [{ line: 2, field: 'bill_number', code: 'CARD_NUMBER_NOT_ACCEPTED', message: expect.stringContaining('Card numbers cannot be typed here') }],
    });
    expect(await tenantRows(env.platform, 'norwalk', "SELECT reference_number FROM payables WHERE reference_key = '4111111111111111'")).toEqual([]);
  });

  it('refuses a file with a header and no bills as a whole, rather than answering that all 0 of its bills were imported before', async () => {
    for (const csv of [BILL_HEADER, `${BILL_HEADER}\r\n`, `${BILL_HEADER}\n\n,,,,,,\n \n`]) {
      expect(await importCsv(env.support, csv)).toMatchObject({
        received: 0,
        imported: 0,
        alreadyImported: 0,
        userErrors: [{ field: ['input', 'csv'], code: 'REQUIRED', message: 'The file has no bills: only a header row (blank lines and rows of empty cells are skipped).' }],
      });
    }
  });

  it('refuses an unreadable file as a whole, saying why', async () => {
    const missing = await importCsv(env.support, 'bill_number,account_number,due_date\nB-1,30-0001-00,2026-10-22');
    expect(missing.userErrors).toEqual([{ field: ['input', 'csv'], code: 'MALFORMED_CSV', message: expect.stringContaining('issue_date') }]);
    const ragged = await importCsv(env.support, `${BILL_HEADER}\nB-1,30-0001-00,2026-10-01`);
    expect(ragged.userErrors[0]?.message).toContain('line 2');
    const typo = await importCsv(env.support, `${BILL_HEADER},amount_due\nB-1,30-0001-00,2026-10-01,2026-10-22,1,1,1,1`);
    expect(typo.userErrors[0]?.message).toContain('amount_due');
    // Text after a quoted cell's closing quote: refused, not read as $10,000.00 on the bill.
    const runOn = await importCsv(env.support, `${BILL_HEADER}\nB-1,30-0001-00,2026-10-01,2026-10-22,"100"00,,`);
    expect(runOn.userErrors).toEqual([{ field: ['input', 'csv'], code: 'MALFORMED_CSV', message: expect.stringContaining('line 2') }]);
  });

  it('takes citations only where the city does (Norwalk takes utility bills only)', async () => {
    const result = await importCsv(env.support, ['bill_number,account_number,kind,issue_date,due_date,other', 'C-1,30-0001-00,CITATION,2026-10-01,2026-10-22,50.00'].join('\n'));
    expect(result.rowErrors).toEqual([expect.objectContaining({ line: 2, field: 'kind', code: 'INVALID_KIND' })]);
  });

  it('is safe when the same file is imported twice at once', async () => {
    await openAccount(env.support, { accountNumber: '32-0001-00' });
    const csv = [BILL_HEADER, ...Array.from({ length: 50 }, (_, i) => `B-32${String(i).padStart(3, '0')},32-0001-00,2026-10-01,2026-10-22,10.00,,`)].join('\n');
    const [first, second] = await Promise.all([importCsv(env.support, csv), importCsv(env.admin, csv)]);
    expect([first.imported, second.imported].sort()).toEqual([0, 50]);
    expect(first.alreadyImported + second.alreadyImported).toBe(50);
    const [row] = await env.platform.db.transaction(async (manager) => {
      const [tenant] = await manager.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`);
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
      return manager.query<{ n: string }[]>(`SELECT count(*) AS n FROM payables WHERE reference_key LIKE 'B32%'`);
    });
    expect(Number(row!.n)).toBe(50);
  });

  it('answers a file imported before from its content hash, checking and staging no row; the same bills in another order are checked row by row', async () => {
    await openAccount(env.support, { accountNumber: '39-0001-00' });
    const rows = Array.from({ length: 20 }, (_, i) => `B-39${String(i).padStart(3, '0')},39-0001-00,2026-10-01,2026-10-22,12.00,,`);
    const csv = [BILL_HEADER, ...rows].join('\n');
    expect(await importCsv(env.support, csv)).toMatchObject({ received: 20, imported: 20, alreadyImported: 0, rowErrorCount: 0 });
    const before = await tableCounts();
    const counter = countStatements(env.platform.db);
    const again = await counter.during(() => importCsv(env.admin, csv));
    expect(again.result).toEqual({ received: 20, imported: 0, alreadyImported: 20, rowErrorCount: 0, rowErrors: [], userErrors: [] });
    expect(again.statements.filter((sql) => /bill_import_staging|payables/.test(sql))).toEqual([]);
    expect(again.statements.filter((sql) => /content_hash/.test(sql))).toHaveLength(1);

    const reordered = await counter.during(() => importCsv(env.admin, [BILL_HEADER, ...[...rows].reverse()].join('\n')));
    expect(reordered.result).toEqual({ received: 20, imported: 0, alreadyImported: 20, rowErrorCount: 0, rowErrors: [], userErrors: [] });
    expect(reordered.statements.some((sql) => /bill_import_staging/.test(sql))).toBe(true);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('a dry run (dryRun: true), as the console checks a file before the person confirms', () => {
  const DRY_RUN = `mutation DryRun($csv: String!) { importBillsCsv(input: { csv: $csv, dryRun: true }) { dryRun received imported alreadyImported rowErrorCount rowErrors { line field code } userErrors { code } } }`;
  const dryRun = async (staff: GraphQLTestClient, csv: string) => (await staff.data<{ importBillsCsv: ImportResult & { dryRun: boolean } }>(DRY_RUN, { csv })).importBillsCsv;
  const AUDIT = `{ auditLog(first: 5) { edges { node { id kind label actor actorName detail { key value } } } } }`;
  type Audit = { auditLog: { edges: { node: { id: string; kind: string; label: string; actor: string; actorName: string | null; detail: { key: string; value: string }[] } }[] } };

  it('counts what an import would add and reports the same row errors, writing nothing; the import then adds exactly that, in the audit log', async () => {
    await openAccount(env.support, { accountNumber: '34-0001-00' });
    await importCsv(env.support, [BILL_HEADER, 'B-3400,34-0001-00,2026-09-01,2026-09-22,10.00,,'].join('\n'));
    const good = [BILL_HEADER, 'B-3400,34-0001-00,2026-09-01,2026-09-22,10.00,,', 'B-3401,34-0001-00,2026-10-01,2026-10-22,11.00,,', 'B-3402,34-0001-00,2026-11-01,2026-11-22,12.00,,'].join('\n');
    const before = await tableCounts();
    const newestEvent = async () => (await env.admin.data<Audit>(AUDIT)).auditLog.edges[0]!.node;
    const eventBefore = await newestEvent();
    expect(await dryRun(env.admin, good)).toEqual({ dryRun: true, received: 3, imported: 2, alreadyImported: 1, rowErrorCount: 0, rowErrors: [], userErrors: [] });
    expect(await dryRun(env.admin, `${good}\nB-3403,99-9999-99,2026-11-01,2026-11-22,1.00,,`)).toMatchObject({
      dryRun: true,
      imported: 0,
      rowErrors: [{ line: 5, field: 'account_number', code: 'ACCOUNT_NOT_FOUND' }],
    });
    expect(await tableCounts()).toEqual(before);
    expect(await newestEvent()).toEqual(eventBefore);

    expect(await importCsv(env.admin, good)).toMatchObject({ imported: 2, alreadyImported: 1 });
    expect(await tableCounts()).toMatchObject({ payables: before.payables + 2, imports: before.imports + 1 });
    const event = await newestEvent();
    expect(event).toMatchObject({ kind: 'BILLS_IMPORTED', label: 'Bills imported', actorName: expect.any(String) });
    const spanish = (await env.admin.withHeaders({ 'accept-language': 'es' }).data<Audit>(AUDIT)).auditLog.edges[0]!.node;
    expect(spanish.label).toBe('Facturas importadas');
    expect(event.detail).toEqual([
      { key: 'source', value: 'CSV' },
      { key: 'imported', value: '2' },
      { key: 'alreadyImported', value: '1' },
    ]);
    // A dry run after the import finds nothing left to add.
    expect(await dryRun(env.admin, good)).toMatchObject({ imported: 0, alreadyImported: 3 });
  });

  it('refuses more than 10,000 rows as a whole, dry run or not', async () => {
    const csv = [BILL_HEADER, ...Array.from({ length: 10_001 }, (_, i) => `B-${i},34-0001-00,2026-10-01,2026-10-22,1.00,,`)].join('\n');
    expect(await dryRun(env.admin, csv)).toMatchObject({ dryRun: true, imported: 0, userErrors: [{ code: 'TOO_MANY_ROWS' }] });
  });
});

describe('importing bills as a GraphQL list', () => {
  it('imports the same way, naming the input fields in errors', async () => {
    const account = await openAccount(env.support, { accountNumber: '33-0001-00' });
    const good = { billNumber: 'B-3301', accountNumber: '33-0001-00', issueDate: '2026-10-01', dueDate: '2026-10-22', water: '12.34' };
    const bad = { billNumber: 'B-3302', accountNumber: '33-0001-00', issueDate: '2026-10-01', dueDate: 'soon', water: 'lots' };
    const refused = (await env.support.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [good, bad] })).importBills;
    expect(refused.rowErrors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'dueDate', 'INVALID_DATE'],
      [2, 'water', 'INVALID_AMOUNT'],
    ]);
    const accepted = (await env.support.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [good] })).importBills;
    expect(accepted).toMatchObject({ imported: 1, rowErrors: [] });
    expect((await accountById(env.support, account.id)).balance.posted.amount).toBe('12.34');
  });

  it('refuses an empty list as a whole, as it refuses a file with no bills (found by review: answered as a success)', async () => {
    const before = await tableCounts();
    const { importBills } = await env.support.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [] });
    expect(importBills).toMatchObject({
      received: 0,
      imported: 0,
      userErrors: [{ field: ['input', 'bills'], code: 'REQUIRED', message: 'The list has no bills: send at least one.' }],
    });
    const spanish = (await env.support.withHeaders({ 'accept-language': 'es' }).data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [] })).importBills;
    expect(spanish.userErrors[0]?.message).toBe('La lista no tiene facturas: envíe al menos una.');
    expect(await tableCounts()).toEqual(before);
  });

  it('takes the documented 10,000 bills in one request, every field filled (the body limit leaves room for them)', async () => {
    await openAccount(env.support, { accountNumber: '33-0003-00' });
    const description = 'Water, sewer and trash; meter estimated. '.repeat(5).slice(0, 200);
    const bills = Array.from({ length: 10_000 }, (_, i) => ({
      billNumber: `B-33-${String(i).padStart(5, '0')}`,
      accountNumber: '33-0003-00',
      kind: 'UTILITY_BILL',
      issueDate: '2026-10-24',
      dueDate: '2026-11-14',
      periodStart: '2026-09-24',
      periodEnd: '2026-10-23',
      water: '1045.10',
      sewer: '322.50',
      trash: '118.25',
      fees: '25.00',
      other: '12.75',
      description,
    }));
    const DRY_RUN_LIST = `mutation DryRun($bills: [BillInput!]!) { importBills(input: { bills: $bills, dryRun: true }) { dryRun received imported rowErrorCount userErrors { code } } }`;
    const answer = await env.support.request(DRY_RUN_LIST, { bills });
    expect([answer.status, answer.errors, answer.data]).toEqual([200, undefined, { importBills: { dryRun: true, received: 10_000, imported: 10_000, rowErrorCount: 0, userErrors: [] } }]);
  });

  it('keeps text exactly as sent through the COPY staging: tabs, newlines, backslashes and a literal \\N', async () => {
    const account = await openAccount(env.support, { accountNumber: '33-0002-00' });
    const description = 'Meter\tread\\estimated\nsee \\N note\r';
    const bill = { billNumber: 'B-3311', accountNumber: '33-0002-00', issueDate: '2026-10-01', dueDate: '2026-10-22', water: '5.00', description };
    expect((await env.support.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [bill] })).importBills).toMatchObject({ imported: 1, rowErrors: [] });
    const read = await env.support.data<{ serviceAccount: { payables: { referenceNumber: string; description: string | null }[] } }>(
      'query Bills($id: UUID!) { serviceAccount(id: $id) { payables { referenceNumber description } } }',
      { id: account.id },
    );
    expect(read.serviceAccount.payables).toEqual([{ referenceNumber: 'B-3311', description: description.trim() }]);
  });
});

describe("the bulk insert, which checks a batch's foreign keys once for the batch (billing_insert_staged_bills)", () => {
  it('locks every account the batch names, as a key check would, so none can be deleted before the import commits', async () => {
    const account = await openAccount(env.support, { accountNumber: '41-0001-00' });
    await asApp(async (importer) => {
      const importId = await stageOneBill(importer, '41000100', 'B41001');
      expect((await importer.query('SELECT billing_insert_staged_bills($1, now(), $2) AS n', [importId, 'test'])).rows).toEqual([{ n: 1 }]);
      await asApp(async (other) => {
        await other.query(`SET LOCAL lock_timeout = '300ms'`);
        await expect(other.query('DELETE FROM service_accounts WHERE id = $1', [account.id])).rejects.toMatchObject({ code: '55P03' });
      });
    });
  });

  it("reads the city's accounts, never a caller's temporary table of the same name", async () => {
    await asApp(async (importer) => {
      await importer.query(`CREATE TEMPORARY TABLE service_accounts (tenant_id uuid, id uuid, account_key text) ON COMMIT DROP`);
      await importer.query(`INSERT INTO pg_temp.service_accounts VALUES (current_setting('app.tenant_id')::uuid, gen_random_uuid(), 'SHADOW1')`);
      const importId = await stageOneBill(importer, 'SHADOW1', 'B41003');
      const rows = `SELECT (SELECT count(*) FROM payables)::int AS payables, (SELECT count(*) FROM ledger_entries)::int AS ledger`;
      const before = (await importer.query(rows)).rows;
      expect((await importer.query('SELECT billing_insert_staged_bills($1, now(), $2) AS n', [importId, 'test'])).rows).toEqual([{ n: 0 }]);
      // Nothing of the bill anywhere: no ledger entry of a payable that was not inserted (its key is not checked).
      expect((await importer.query(rows)).rows).toEqual(before);
    });
  });

  it("refuses a bill's lines that do not hold together, as the lines' own table did", async () => {
    await openAccount(env.support, { accountNumber: '41-0005-00' });
    const refusals = [
      { categories: '{WATER,SEWER}', descriptions: '{Water}', amounts: '{1000,200}' },
      { categories: '{WATER}', descriptions: '{Water}', amounts: '{1000,200}' },
      { categories: '{GAS}', descriptions: '{Gas}', amounts: '{1000}' },
      { categories: '{WATER}', descriptions: '{Water}', amounts: '{0}' },
      { categories: '{WATER}', descriptions: '{NULL}', amounts: '{1000}' },
      { categories: '{WATER}', descriptions: '{Water}', amounts: '{NULL}' },
      { categories: '{NULL}', descriptions: '{Water}', amounts: '{1000}' },
      { categories: '{{WATER}}', descriptions: '{{Water}}', amounts: '{{1000}}' },
      { categories: '{WATER}', descriptions: '{{Water}}', amounts: '{1000}' },
      { categories: '[0:1]={WATER,SEWER}', descriptions: '[0:1]={Water,Sewer}', amounts: '[0:1]={1000,200}' },
      { categories: '{WATER,SEWER}', descriptions: '{Water,Sewer}', amounts: '[2:3]={1000,200}' },
    ];
    for (const lines of refusals) {
      await asApp(async (importer) => {
        const importId = await stageOneBill(importer, '41000500', 'B41005', lines);
        await expect(importer.query('SELECT billing_insert_staged_bills($1, now(), $2)', [importId, 'test'])).rejects.toMatchObject({ code: '23514' });
      });
    }
    await asApp(async (importer) => {
      const importId = await stageOneBill(importer, '41000500', 'B41005', { categories: '{WATER,TRASH}', descriptions: '{Water,Trash}', amounts: '{1000,200}' });
      expect((await importer.query('SELECT billing_insert_staged_bills($1, now(), $2) AS n', [importId, 'test'])).rows).toEqual([{ n: 1 }]);
    });
  });

  it('writes tables with no INSERT trigger that replica mode would skip (a new one must be ENABLE ALWAYS)', async () => {
    const skipped = await env.platform.db.query<{ table: string; trigger: string }[]>(
      `SELECT c.relname AS table, t.tgname AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relname IN ('payables', 'ledger_entries') AND NOT t.tgisinternal AND t.tgenabled <> 'A' AND (t.tgtype & 4) <> 0`,
    );
    expect(skipped).toEqual([]);
  });

  it('reads no table the caller made: its own tables named like the staging tables are refused', async () => {
    await openAccount(env.support, { accountNumber: '41-0004-00' });
    await asApp(async (importer) => {
      await importer.query(`
        CREATE TEMPORARY TABLE bill_import_staging (line int, payable_id uuid DEFAULT gen_random_uuid(), ledger_entry_id uuid DEFAULT gen_random_uuid(), account_key text, kind text,
          reference_number text, reference_key text, description text, period_start date, period_end date, issue_date date, due_date date, total_cents bigint,
          line_categories text[], line_descriptions text[], line_amounts_cents bigint[]) ON COMMIT DROP;
        GRANT SELECT ON bill_import_staging TO PUBLIC`);
      await importer.query(`INSERT INTO bill_import_staging VALUES (2, DEFAULT, DEFAULT, '41000400', 'UTILITY_BILL', 'B41004', 'B41004', NULL, NULL, NULL, '2026-10-01', '2026-10-22', 1000,
        '{WATER}', '{Water}', '{1000}')`);
      const importId = await insertImportRow(importer);
      await expect(importer.query('SELECT billing_insert_staged_bills($1, now(), $2)', [importId, 'test'])).rejects.toMatchObject({
        code: '42501',
        message: expect.stringContaining('not the ones billing_open_import_staging made'),
      });
    });
  });

  it('refuses a batch whose import row does not exist (a key check of its own, since the per-row ones do not fire)', async () => {
    await openAccount(env.support, { accountNumber: '41-0002-00' });
    await asApp(async (importer) => {
      await stageOneBill(importer, '41000200', 'B41002');
      await expect(importer.query(`SELECT billing_insert_staged_bills(gen_random_uuid(), now(), 'test')`)).rejects.toMatchObject({ code: '23503' });
    });
  });
});

/** Runs `fn` in a transaction of the app role, as Norwalk, rolled back at the end. */
async function asApp(fn: (client: Client) => Promise<void>): Promise<void> {
  await withClient(appUrl(env.platform.settings), async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants WHERE slug = 'norwalk'), true)`);
      await fn(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

/** One bill staged as an import stages it, in the staging tables the database makes, with the import's row; returns the import's id. */
async function stageOneBill(client: Client, accountKey: string, referenceKey: string, lines = { categories: '{WATER}', descriptions: '{Water}', amounts: '{1000}' }): Promise<string> {
  await client.query('SELECT billing_open_import_staging()');
  await client.query(`INSERT INTO bill_import_staging VALUES (2, gen_random_uuid(), gen_random_uuid(), $1, 'UTILITY_BILL', $2, $2, NULL, NULL, NULL, '2026-10-01', '2026-10-22', 1000, $3, $4, $5)`, [
    accountKey,
    referenceKey,
    lines.categories,
    lines.descriptions,
    lines.amounts,
  ]);
  return insertImportRow(client);
}

/** An import's row, as an import adds it before inserting its bills; returns its id. */
async function insertImportRow(client: Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>(`
    INSERT INTO bill_imports (tenant_id, id, source, rows_received, rows_imported, rows_already_imported, actor, created_at)
    VALUES (current_setting('app.tenant_id')::uuid, gen_random_uuid(), 'API', 1, 1, 0, 'test', now()) RETURNING id`);
  return rows[0]!.id;
}

describe('who may import', () => {
  it('refuses customers and guests', async () => {
    const csv = `${BILL_HEADER}\nB-9,30-0001-00,2026-10-01,2026-10-22,1.00,,`;
    const { session } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'importer@example.com' });
    expect((await bearer(env.platform.client.asTenant('norwalk'), session).request(IMPORT_CSV, { csv })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await env.platform.client.asTenant('norwalk').request(IMPORT_CSV, { csv })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("cannot touch another city's accounts", async () => {
    const normanStaff = await signInStaff(env.platform, 'norman', 'ADMIN');
    const result = await importCsv(normanStaff, `${BILL_HEADER}\nB-9,30-0001-00,2026-10-01,2026-10-22,1.00,,`);
    expect(result.rowErrors[0]?.code).toBe('ACCOUNT_NOT_FOUND');
  });
});
