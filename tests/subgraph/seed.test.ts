import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { seedKommun } from '../../subgraphs/kommun/seed.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';

let umea: InProcessSubgraph<KommunDatabase>;
beforeAll(async () => {
  umea = await openInProcessKommun(findKommun('umea'));
});
afterAll(() => umea.stop());

async function rowCounts() {
  const tables = [
    'citizen_promise',
    'signatory',
    'commitment',
    'activity',
    'follow_up',
    'situation_picture',
    'citizen_dialogue',
    'collaboration_agreement',
    'indicator',
    'measurement',
    'situation_picture_promise',
    'citizen_dialogue_promise',
    'promise_indicator',
    'commitment_indicator',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(umea.db);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

it('seeds on first start, and seeding again changes nothing', async () => {
  const before = await rowCounts();
  expect(before).toEqual({
    citizen_promise: 4,
    signatory: 4,
    commitment: 24,
    activity: 7,
    follow_up: 48,
    situation_picture: 1,
    citizen_dialogue: 0,
    collaboration_agreement: 1,
    indicator: 3,
    measurement: 7,
    situation_picture_promise: 1,
    citizen_dialogue_promise: 0,
    promise_indicator: 1,
    commitment_indicator: 2,
  });
  const snapshot = await umea.db.selectFrom('citizenPromise').selectAll().orderBy('id').execute();

  expect(await seedKommun(umea.db, findKommun('umea'))).toBe(0);
  expect(await rowCounts()).toEqual(before);
  expect(await umea.db.selectFrom('citizenPromise').selectAll().orderBy('id').execute()).toEqual(snapshot);
});

it('never overwrites an edited promise, agreement or link when seeding again', async () => {
  await umea.db
    .updateTable('citizenPromise')
    .set({ title: 'Ändrad titel – Umeå', agreementId: null })
    .where('id', '=', '2480-ml-2023')
    .execute();
  await umea.db
    .updateTable('collaborationAgreement')
    .set({ title: 'Ändrad överenskommelse' })
    .where('id', '=', '2480-so-2021')
    .execute();
  await seedKommun(umea.db, findKommun('umea'));
  const row = await umea.db
    .selectFrom('citizenPromise')
    .select(['title', 'agreementId'])
    .where('id', '=', '2480-ml-2023')
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ title: 'Ändrad titel – Umeå', agreementId: null });
  const agreement = await umea.db
    .selectFrom('collaborationAgreement')
    .select('title')
    .where('id', '=', '2480-so-2021')
    .executeTakeFirstOrThrow();
  expect(agreement.title).toBe('Ändrad överenskommelse');
});

it('never brings back a link an editor removed', async () => {
  await umea.db.deleteFrom('situationPicturePromise').where('situationPictureId', '=', '2480-lb-2022').execute();
  await umea.db.deleteFrom('commitmentIndicator').where('indicatorId', '=', '2480-ind-mopedinsatser').execute();
  await seedKommun(umea.db, findKommun('umea'));
  expect(
    await umea.db
      .selectFrom('situationPicturePromise')
      .selectAll()
      .where('situationPictureId', '=', '2480-lb-2022')
      .execute(),
  ).toEqual([]);
  expect(
    await umea.db
      .selectFrom('commitmentIndicator')
      .selectAll()
      .where('indicatorId', '=', '2480-ind-mopedinsatser')
      .execute(),
  ).toEqual([]);
});

it('labels every foundation record: published where domain.md says so, illustrative otherwise', async () => {
  const kinds = async (
    table: 'situationPicture' | 'citizenDialogue' | 'collaborationAgreement' | 'indicator' | 'measurement',
  ) =>
    (await umea.db.selectFrom(table).select(['id', 'sourceKind', 'sourceReference']).orderBy('id').execute()).map(
      (r) => [r.id, r.sourceKind, Boolean(r.sourceReference)],
    );
  expect(await kinds('collaborationAgreement')).toEqual([['2480-so-2021', 'PUBLISHED', true]]);
  expect(await kinds('situationPicture')).toEqual([['2480-lb-2022', 'ILLUSTRATIVE', true]]);
  for (const [, kind, referenced] of [...(await kinds('indicator')), ...(await kinds('measurement'))]) {
    expect(kind).toBe('ILLUSTRATIVE');
    expect(referenced).toBe(true);
  }
});
