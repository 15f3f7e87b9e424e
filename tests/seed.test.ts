import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findKommun } from '../schema/region.js';
import { seedKommun } from '../subgraphs/kommun/seed.js';
import { startTestKommunSubgraph, type TestKommunSubgraph } from './support/kommun-subgraphs.js';

let umea: TestKommunSubgraph;
beforeAll(async () => {
  umea = await startTestKommunSubgraph(findKommun('umea'));
});
afterAll(() => umea.stop());

async function rowCounts() {
  const tables = ['citizen_promise', 'signatory', 'commitment', 'activity', 'follow_up'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(umea.db);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

it('seeds on first start, and seeding again changes nothing', async () => {
  const before = await rowCounts();
  expect(before).toEqual({ citizen_promise: 2, signatory: 2, commitment: 17, activity: 7, follow_up: 34 });
  const snapshot = await umea.db.selectFrom('citizenPromise').selectAll().orderBy('id').execute();

  expect(await seedKommun(umea.db, findKommun('umea'))).toBe(0);
  expect(await rowCounts()).toEqual(before);
  expect(await umea.db.selectFrom('citizenPromise').selectAll().orderBy('id').execute()).toEqual(snapshot);
});

it('never overwrites an edited promise when seeding again', async () => {
  await umea.db.updateTable('citizenPromise').set({ title: 'Ändrad titel – Umeå' }).where('id', '=', '2480-ml-2023').execute();
  await seedKommun(umea.db, findKommun('umea'));
  const row = await umea.db.selectFrom('citizenPromise').select('title').where('id', '=', '2480-ml-2023').executeTakeFirstOrThrow();
  expect(row.title).toBe('Ändrad titel – Umeå');
});
