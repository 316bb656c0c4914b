import type { ColumnOptions } from 'typeorm';

/** A PostgreSQL bigint read as a JS bigint (pg returns a string), so cents never pass through a float. */
export const bigintColumn: ColumnOptions = {
  type: 'bigint',
  transformer: {
    to: (value: bigint | null | undefined) => (value == null ? value : value.toString()),
    from: (value: string | null) => (value == null ? value : BigInt(value)),
  },
};

/** A PostgreSQL bigint[] read as JS bigints (pg returns strings), as bigintColumn. */
export const bigintArrayColumn: ColumnOptions = {
  type: 'bigint',
  array: true,
  transformer: {
    to: (values: readonly bigint[] | null | undefined) => (values == null ? values : values.map((value) => value.toString())),
    from: (values: readonly string[] | null) => (values == null ? values : values.map((value) => BigInt(value))),
  },
};
