/** node-postgres' own conversion of a parameter to its wire text (dates, arrays, JSON), as its queries use it; not in @types/pg. */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
}
