import { afterAll, beforeAll, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';

// SQL statements per request are bounded by the query's depth, not by the number of rows.
let umea: InProcessSubgraph<KommunDatabase>;
beforeAll(async () => {
  umea = await openInProcessKommun(findKommun('umea'), { seedWhenEmpty: false });
});
afterAll(() => umea.stop());

/** Adds synthetic promises (ids 2480-synthetic-N) until the kommun has `total` of them. */
async function growTo(total: number) {
  const existing = await umea.db.selectFrom('citizenPromise').select('id').execute();
  for (let n = existing.length; n < total; n += 1) {
    const id = `2480-synthetic-${n}`;
    await umea.db
      .insertInto('citizenPromise')
      .values({
        id,
        title: `Syntetiskt löfte ${n} – Umeå`,
        summary: 'Synthetic test data.',
        periodStart: '2023-01-01',
        periodEnd: '2024-12-31',
        status: 'ACTIVE',
        signedOn: null,
        focusAreas: ['Trafik'],
        extendsId: n > 0 ? `2480-synthetic-${n - 1}` : null,
        sourceKind: 'ILLUSTRATIVE',
        sourceReference: null,
      })
      .execute();
    await umea.db
      .insertInto('signatory')
      .values({ promiseId: id, position: 0, name: 'Åsa Öberg', title: 'Ordförande', organisation: 'Umeå kommun' })
      .execute();
    for (const c of [1, 2]) {
      const commitmentId = `${id}-c${c}`;
      await umea.db
        .insertInto('commitment')
        .values({
          id: commitmentId,
          promiseId: id,
          position: c,
          text: 'Åtagande',
          responsible: 'JOINT',
          otherParty: null,
          targetText: null,
          targetYearlyCount: null,
          sourceKind: 'ILLUSTRATIVE',
          sourceReference: null,
        })
        .execute();
      await umea.db
        .insertInto('activity')
        .values(
          [1, 2].map((a) => ({
            id: `${commitmentId}-a${a}`,
            commitmentId,
            date: `2023-0${a}-01`,
            kind: 'CAMPAIGN' as const,
            place: 'Ålidhem',
            description: 'Kampanj',
            outcome: null,
            sourceKind: 'ILLUSTRATIVE' as const,
            sourceReference: null,
          })),
        )
        .execute();
      await umea.db
        .insertInto('followUp')
        .values({
          id: `${commitmentId}-f1`,
          commitmentId,
          date: '2023-12-10',
          status: 'ON_TRACK',
          note: 'Pågår',
          sourceKind: 'ILLUSTRATIVE',
          sourceReference: null,
        })
        .execute();
    }
  }
}

/** Runs the query and returns its response and the SQL statements it cost. */
async function measure(query: string) {
  const before = umea.statements.length;
  const response = await umea.post(query);
  expect(response.errors).toBeUndefined();
  return { data: response.data!, statements: umea.statements.slice(before) };
}

const nested = '{ umea { promises { commitments { activities { id place } followUps { id } } } } }';
const deeper = `{ umea { promises { signatories { name } extends { title commitments { text } }
  commitments { target { text } activities { id } followUps { status } } } } }`;

it('the nested promises query costs 4 statements with 5 promises and with 50', async () => {
  await growTo(5);
  const small = await measure(nested);
  expect(small.data.umea.promises).toHaveLength(5);
  expect(small.statements).toHaveLength(4);

  await growTo(50);
  const large = await measure(nested);
  expect(large.data.umea.promises).toHaveLength(50);
  expect(large.data.umea.promises.flatMap((p: any) => p.commitments.flatMap((c: any) => c.activities))).toHaveLength(
    200,
  );
  expect(large.data.umea.promises[0].commitments[0].activities[0].place).toBe('Ålidhem');
  expect(large.statements).toHaveLength(4);
});

it('a deeper query (signatories, the promise each extends, its commitments) stays constant too', async () => {
  await growTo(50);
  const { data, statements } = await measure(deeper);
  expect(data.umea.promises).toHaveLength(50);
  expect(data.umea.promises[0].signatories).toEqual([{ name: 'Åsa Öberg' }]);
  // promises, signatories, extended promises, commitments, activities, follow-ups; the extended
  // promises are themselves listed, so their commitments come from the same loader cache.
  expect(statements).toHaveLength(6);
});

/**
 * Gives every synthetic promise an indicator with three measurements, followed by the promise and
 * its commitments, and puts them all under one agreement and one lägesbild.
 */
async function linkFoundations() {
  const agreement = await umea.db.selectFrom('collaborationAgreement').select('id').executeTakeFirst();
  if (!agreement) {
    await umea.db
      .insertInto('collaborationAgreement')
      .values({
        id: '2480-synthetic-so',
        title: 'Överenskommelse',
        periodStart: '2023-01-01',
        periodEnd: '2024-12-31',
        parties: ['Umeå kommun', 'Lokalpolisområde Umeå'],
        focusAreas: [],
        goals: JSON.stringify([{ text: 'Mål', indicatorId: '2480-synthetic-0-ind' }]),
        forums: '[]',
        coordinatingFunction: null,
        followUpPlan: 'Varje år.',
        signatories: '[]',
        sourceKind: 'ILLUSTRATIVE',
        sourceReference: null,
      })
      .execute();
    await umea.db
      .insertInto('situationPicture')
      .values({
        id: '2480-synthetic-lb',
        date: '2022-11-15',
        periodStart: '2022-01-01',
        periodEnd: '2022-12-31',
        title: 'Lägesbild',
        summary: 'Sammanfattning.',
        prioritisedProblems: ['Trafik'],
        dataSources: ['NTU'],
        sourceKind: 'ILLUSTRATIVE',
        sourceReference: null,
      })
      .execute();
    await umea.db
      .insertInto('situationPicturePromise')
      .values({ situationPictureId: '2480-synthetic-lb', promiseId: '2480-synthetic-0' })
      .execute();
  }
  await umea.db.updateTable('citizenPromise').set({ agreementId: '2480-synthetic-so' }).execute();

  const promises = await umea.db
    .selectFrom('citizenPromise')
    .select('id')
    .where('id', 'like', '2480-synthetic-%')
    .execute();
  for (const { id } of promises) {
    const indicatorId = `${id}-ind`;
    const exists = await umea.db.selectFrom('indicator').select('id').where('id', '=', indicatorId).executeTakeFirst();
    if (exists) continue;
    await umea.db
      .insertInto('indicator')
      .values({
        id: indicatorId,
        name: `Otrygghet ${id}`,
        definition: 'Andel (%).',
        unit: '%',
        dataSource: 'NTU',
        dataSourceDetail: null,
        desiredDirection: 'DECREASE',
        baselineValue: 30,
        baselineDate: '2022-12-31',
        targetValue: 25,
        targetDate: '2024-12-31',
        sourceKind: 'ILLUSTRATIVE',
        sourceReference: null,
      })
      .execute();
    await umea.db
      .insertInto('measurement')
      .values(
        [2022, 2023, 2024].map((year, i) => ({
          id: `${indicatorId}-${year}`,
          indicatorId,
          date: `${year}-12-31`,
          value: 30 - i,
          note: null,
          sourceKind: 'ILLUSTRATIVE' as const,
          sourceReference: null,
        })),
      )
      .execute();
    await umea.db.insertInto('promiseIndicator').values({ promiseId: id, indicatorId }).execute();
    await umea.db
      .insertInto('commitmentIndicator')
      .values([1, 2].map((c) => ({ commitmentId: `${id}-c${c}`, indicatorId })))
      .execute();
  }
}

const foundations = `{ umea {
  currentCollaborationAgreement(on: "2024-06-01") { title goals { indicator { name } } }
  latestSituationPicture { date promises { id } }
  promises { collaborationAgreement { title } indicators { name trend { latest { value } direction } }
    commitments { indicators { measurements { value } } } } } }`;

it('what the promises stand on costs the same statements with 50 promises and with 100', async () => {
  await growTo(50);
  await linkFoundations();
  const small = await measure(foundations);
  expect(small.data.umea.promises).toHaveLength(50);

  await growTo(100);
  await linkFoundations();
  const large = await measure(foundations);
  expect(large.data.umea.promises).toHaveLength(100);
  expect(large.data.umea.currentCollaborationAgreement).toEqual({
    title: 'Överenskommelse',
    goals: [{ indicator: { name: 'Otrygghet 2480-synthetic-0' } }],
  });
  expect(large.data.umea.promises.every((p: any) => p.collaborationAgreement.title === 'Överenskommelse')).toBe(true);
  expect(large.data.umea.promises[99].indicators[0].trend).toEqual({ latest: { value: 28 }, direction: 'IMPROVING' });
  // One statement per loader and level (agreements, lägesbilder, promises, goal indicators, ...), however many rows.
  expect(large.statements).toHaveLength(small.statements.length);
  expect(large.statements).toHaveLength(10);
});
