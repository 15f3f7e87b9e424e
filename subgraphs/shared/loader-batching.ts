import DataLoader from 'dataloader';

/**
 * Shapes one batched query's rows into the answer a DataLoader owes: one entry per key, in the
 * order the keys were asked for, in one pass over the rows.
 */

/** All rows of each key; keys without rows get `[]`. */
export function rowsPerKey<Row>(keys: readonly string[], rows: readonly Row[], keyOf: (row: Row) => string): Row[][] {
  const groups = new Map<string, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** A list of all of an owner's records of one kind, loaded once per request however often it is asked for (key `'all'`). */
export function wholeList<Row>(load: () => Promise<Row[]>): DataLoader<'all', Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await load();
    return keys.map(() => rows);
  });
}

/** The row of each key, or null. */
export function rowPerKey<Row>(
  keys: readonly string[],
  rows: readonly Row[],
  keyOf: (row: Row) => string,
): (Row | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}
