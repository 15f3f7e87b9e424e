import { sql } from 'kysely';

/** `column IN (...)` over an enum's values, for a CHECK constraint: the database refuses what the API would. */
export function oneOf(column: string, values: Record<string, string>) {
  return sql`${sql.ref(column)} in (${sql.join(Object.keys(values).map((value) => sql.lit(value)))})`;
}

/** Every element of an array column is one of an enum's values. */
export function allOf(column: string, values: Record<string, string>) {
  return sql`${sql.ref(column)} <@ array[${sql.join(Object.keys(values).map((value) => sql.lit(value)))}]::text[]`;
}
