import type { ColumnOptions } from 'typeorm';

/** A PostgreSQL bigint read as a JS bigint (pg returns a string), so cents never pass through a float. */
export const bigintColumn: ColumnOptions = {
  type: 'bigint',
  transformer: {
    to: (value: bigint | null | undefined) => (value == null ? value : value.toString()),
    from: (value: string | null) => (value == null ? value : BigInt(value)),
  },
};
