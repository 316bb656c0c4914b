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
    const columns = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
        WHERE table_schema IN ('public', 'graphile_worker') AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    const found: string[] = [];
    for (const { table_schema, table_name, column_name } of columns.rows) {
      const { rows } = await client.query<{ value: string }>(`SELECT "${column_name}"::text AS value FROM "${table_schema}"."${table_name}" WHERE "${column_name}" IS NOT NULL`);
      for (const row of rows) for (const number of cardNumbersIn(row.value)) found.push(`${table_name}.${column_name}: ${number}`);
    }
    return found;
  });
  return [...hits, ...cardNumbersIn(logLines.join('\n')).map((number) => `log: ${number}`)];
}
