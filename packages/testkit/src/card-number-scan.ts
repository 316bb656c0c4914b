import { cardBrandOf, looksLikeCardNumber, type CardBrand } from '@platform/core';
import { withClient, type DatabaseSettings } from '@platform/db';

/** How long each brand's numbers are, so that random digits inside hashes and ids are not taken for cards. */
const CARD_LENGTHS: Record<CardBrand, readonly number[]> = { VISA: [13, 16, 19], MASTERCARD: [16], AMERICAN_EXPRESS: [15], DISCOVER: [16, 17, 18, 19] };

/**
 * Card numbers in free text: standalone digit runs (spaces or dashes between
 * groups allowed, not part of a longer word such as a hex hash) of a brand's
 * length, with its prefix, passing Luhn.
 */
export function cardNumbersIn(text: string): string[] {
  // Unbroken digits, or the groupings cards are printed in (4-4-4-4[-3], 4-6-5 for American Express): not any dash-joined digits (ids, timestamps).
  const shapes = /(?<![0-9A-Za-z-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5})(?![0-9A-Za-z-])/g;
  return (text.match(shapes) ?? []).filter((run) => {
    const digits = run.replace(/[ -]/g, '');
    const brand = cardBrandOf(digits);
    return brand !== null && CARD_LENGTHS[brand].includes(digits.length) && looksLikeCardNumber(run);
  });
}

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
