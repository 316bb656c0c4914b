import { copyRowsInto, withTenant } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { demoTenantIds } from './probe-table';

/*
 * copyRowsInto streams rows in COPY's text format. What must hold: every
 * value arrives exactly as sent, whatever it holds, including the characters
 * COPY's format and an array's literal give a meaning to (tab, newline,
 * backslash, \N; quotes, commas, braces, NULL).
 */
let platform: TestPlatform;
let norwalk: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  ({ norwalk } = await demoTenantIds(platform));
});
afterAll(() => platform.close());

const TRICKY = ['plain', 'two words', 'comma, inside', 'a "quote"', 'back\\slash', '{braces}', 'NULL', '', ' padded ', 'tab\there', 'line\nbreak', '\\N', 'trailing\\'];

it('copies text, NULL and arrays of text and bigint exactly as given', async () => {
  const rows = await withTenant({ db: platform.db, tenant: { id: norwalk } }, async (manager) => {
    await manager.query('CREATE TEMPORARY TABLE copy_probe (n int, note text, words text[], cents bigint[]) ON COMMIT DROP');
    await copyRowsInto(
      manager,
      'copy_probe',
      ['n', 'note', 'words', 'cents'],
      [[1, TRICKY.join('|'), TRICKY, [1n, 9007199254740993n, -5n]], [2, null, [], []], ...TRICKY.map((word, n) => [10 + n, word, [word], [BigInt(n)]] as const)],
    );
    return manager.query<{ n: number; note: string | null; words: string[]; cents: string[] }[]>('SELECT n, note, words, cents::text[] AS cents FROM copy_probe ORDER BY n');
  });
  expect(rows[0]).toEqual({ n: 1, note: TRICKY.join('|'), words: TRICKY, cents: ['1', '9007199254740993', '-5'] });
  expect(rows[1]).toEqual({ n: 2, note: null, words: [], cents: [] });
  expect(rows.slice(2)).toEqual(TRICKY.map((word, n) => ({ n: 10 + n, note: word, words: [word], cents: [String(n)] })));
});
