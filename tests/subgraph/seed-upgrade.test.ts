import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { seedKommun } from '../../subgraphs/kommun/seed.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// An embedded database seeded by the previous version of the hub receives, on its next start,
// the seed records added since; never a record an editor changed, withdrew or removed.
const umea = findKommun('umea');
const dataDir = mkdtempSync(path.join(tmpdir(), 'loftesnavet-test-seed-upgrade-'));
let subgraph: InProcessSubgraph<KommunDatabase> | undefined;
afterAll(async () => {
  await subgraph?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Always embedded PGlite in its own folder, as `npm start` runs it on a laptop. */
const start = (seed: boolean) =>
  openInProcessKommun(umea, {
    database: { databaseUrl: undefined, dataDir, drop: async () => {} },
    seedWhenEmpty: seed,
  });

/** What the first seed release put in a database: today's seed without Umeå 2019–2020 and 2025–2027, and no marks of what was seeded. */
async function seedAsThePreviousVersionDid(db: Kysely<KommunDatabase>) {
  await seedKommun(db, umea);
  const added = ['2480-ml-2019', '2480-ml-2025'];
  // It knew no predecessors, signing dates or carried-over commitments.
  await db
    .updateTable('citizenPromise')
    .set({ previousId: null, signedPrecision: null, signedEarliest: null, signedLatest: null, signedOn: null })
    .execute();
  await db.updateTable('commitment').set({ carriedOverFromId: null }).execute();
  await db.deleteFrom('citizenPromise').where('id', 'in', added).execute();
  await db.deleteFrom('seededRecord').execute();
}

async function counts(db: Kysely<KommunDatabase>) {
  const counted: Record<string, number> = {};
  for (const table of [
    'citizen_promise',
    'signatory',
    'commitment',
    'follow_up',
    'indicator',
    'measurement',
    'situation_picture',
    'seeded_record',
  ]) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counted[table] = rows[0]!.n;
  }
  return counted;
}

it('an embedded database seeded by the previous seed receives the new records on start, with edited, withdrawn and removed records untouched', async () => {
  subgraph = await start(false);
  await seedAsThePreviousVersionDid(subgraph.db);
  expect(
    (await subgraph.db.selectFrom('citizenPromise').select('id').orderBy('id').execute()).map((p) => p.id),
  ).toEqual(['2480-ml-2021', '2480-ml-2023']);

  // What editors did with it since: changed a promise, withdrew the lägesbild, removed an indicator.
  const editor = await bearer('umea');
  const edited = await subgraph.post(
    'mutation { umea { updatePromise(id: "2480-ml-2023", expectedVersion: 1, input: { title: "Medborgarlöften för Umeå 2023–2024 – reviderade" }) { version } } }',
    {},
    editor,
  );
  expect(edited.data!.umea.updatePromise).toEqual({ version: 2 });
  const withdrawn = await subgraph.post(
    'mutation { umea { withdrawSituationPicture(id: "2480-lb-2022", expectedVersion: 1, reason: "Ersatt av en ny lägesbild.") { version } } }',
    {},
    editor,
  );
  expect(withdrawn.data!.umea.withdrawSituationPicture).toEqual({ version: 2 });
  await subgraph.db.deleteFrom('indicator').where('id', '=', '2480-ind-otrygghet').execute();
  const before = await counts(subgraph.db);
  await subgraph.stop();

  subgraph = await start(true);
  const { data, errors } = await subgraph.post(
    `{ umea {
    promises { id title version commitments { id } signatories { name } signing { text } previous { id } }
    situationPictures(includeWithdrawn: true) { id version withdrawal { reason } }
    indicators { id } } }`,
    {},
    editor,
  );
  expect(errors).toBeUndefined();
  // The edited 2023–2024 promise is left as its editor left it: no signing date or predecessor is
  // written into it. The unedited 2021–2022 promise gets its predecessor.
  expect(
    data!.umea.promises.map((p: any) => [
      p.id,
      p.title,
      p.version,
      p.commitments.length,
      p.signatories.length,
      p.signing?.text ?? null,
      p.previous?.id ?? null,
    ]),
  ).toEqual([
    ['2480-ml-2025', 'Medborgarlöften för Umeå 2025–2027', 1, 0, 2, 'våren 2025', '2480-ml-2023'],
    ['2480-ml-2023', 'Medborgarlöften för Umeå 2023–2024 – reviderade', 2, 9, 2, null, null],
    ['2480-ml-2021', 'Medborgarlöften för Umeå 2021–2022', 1, 8, 0, null, '2480-ml-2019'],
    ['2480-ml-2019', 'Medborgarlöften för Umeå 2019–2020', 1, 7, 0, null, null],
  ]);
  expect(data!.umea.situationPictures).toEqual([
    { id: '2480-lb-2022', version: 2, withdrawal: { reason: 'Ersatt av en ny lägesbild.' } },
  ]);
  expect(data!.umea.indicators.map((i: any) => i.id)).toEqual(['2480-ind-mopedinsatser', '2480-ind-trafikkampanjer']);

  const after = await counts(subgraph.db);
  // Two promises, 2025's two signatories, 2019's seven commitments with two follow-ups each; every seed record marked.
  expect(after).toEqual({
    ...before,
    citizen_promise: before.citizen_promise! + 2,
    signatory: before.signatory! + 2,
    commitment: before.commitment! + 7,
    follow_up: before.follow_up! + 14,
    seeded_record: 9,
  });

  await subgraph.stop();
  subgraph = await start(true);
  expect(await counts(subgraph.db)).toEqual(after);
});
