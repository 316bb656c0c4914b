import { cardNumbersIn } from '@platform/api';
import { withClient, type DatabaseSettings } from '@platform/db';

export { cardNumbersIn };

/**
 * Every card number in a test database (each text-like column of every
 * table, read as the superuser, whom row-level security does not hide rows
 * from) and in the platform's log lines, as "where: number".
 */
export async function findCardNumbers(settings: DatabaseSettings, logLines: readonly string[]): Promise<string[]> {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${settings.databaseName}`;
  const hits = await withClient(url.toString(), async (client) => {
    const { rows: tables } = await client.query<{ table_schema: string; table_name: string; columns: string[] }>(
      `SELECT table_schema, table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns FROM information_schema.columns
        WHERE table_schema IN ('public', 'graphile_worker') AND data_type IN ('text', 'character varying', 'jsonb', 'json')
        GROUP BY table_schema, table_name`,
    );
    const found: string[] = [];
    // One query per table (not per column): this runs as every test file closes.
    for (const { table_schema, table_name, columns } of tables) {
      const { rows } = await client.query<Record<string, string | null>>(`SELECT ${columns.map((column, i) => `"${column}"::text AS c${i}`).join(', ')} FROM "${table_schema}"."${table_name}"`);
      for (const row of rows) {
        columns.forEach((column, i) => {
          const value = row[`c${i}`];
          if (value != null) for (const number of cardNumbersIn(value)) found.push(`${table_name}.${column}: ${number}`);
        });
      }
    }
    return found;
  });
  return [...hits, ...cardNumbersIn(logLines.join('\n')).map((number) => `log: ${number}`)];
}
