import { readFileSync } from 'node:fs';

/** The databases in tests/fixtures/previous-layout/, made by commit bfd7c6c, the code before the present layout (see its README). */
export const previousLayoutDatabases = {
  kommun: 'kommun-vannas',
  police: 'police-umea',
} as const;

/** One of those databases' pg_dump, as SQL a server runs: without psql's own commands (`\restrict`). */
export function previousLayoutDump(
  name: (typeof previousLayoutDatabases)[keyof typeof previousLayoutDatabases],
): string {
  const dump = readFileSync(new URL(`../fixtures/previous-layout/${name}.sql`, import.meta.url), 'utf8');
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
}
