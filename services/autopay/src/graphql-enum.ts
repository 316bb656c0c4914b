/** A GraphQL enum object (for registerEnumType) whose values are these strings, named as themselves. */
export const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
