import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';
import { createPublishedPromise } from '../support/promise-fixtures.js';
import { bearer } from '../support/tokens.js';

// The reporting additions to the kommun schema, on one kommun subgraph over an empty database:
// promise filters, cursor connections with date ranges, timestamps, and the change feed.
const vindeln = findKommun('vindeln');
let subgraph: InProcessSubgraph<KommunDatabase>;
let editor: Record<string, string>;
beforeAll(async () => {
  subgraph = await openInProcessKommun(vindeln, { seedWhenEmpty: false });
  editor = await bearer('vindeln', 'editor');
});
afterAll(() => subgraph?.stop());

const query = async (text: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  subgraph.post(text, variables, headers);
const ok = async (text: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const { data, errors } = await query(text, variables, headers);
  expect(errors).toBeUndefined();
  return data!.vindeln;
};

describe('promise filters', () => {
  let traffic: string;
  let drugs: string;
  beforeAll(async () => {
    traffic = (
      await createPublishedPromise(subgraph.post, vindeln, {
        title: 'Trafik i Vindeln 2026',
        period: { start: '2026-01-01', end: '2026-12-31' },
        focusAreas: ['Trafik – Åbyn'],
        commitments: [{ text: 'Hastighetskontroller', responsible: 'POLICE' }],
      })
    ).promiseId;
    drugs = (
      await createPublishedPromise(subgraph.post, vindeln, {
        title: 'Narkotika i Vindeln 2027',
        period: { start: '2027-01-01', end: '2027-12-31' },
        focusAreas: ['Narkotika'],
        commitments: [{ text: 'Föräldramöten', responsible: 'KOMMUN' }],
      })
    ).promiseId;
  });

  const ids = async (args: string) =>
    (await ok(`{ vindeln { promises(${args}) { id } } }`)).promises.map((p: any) => p.id);

  it('by a period overlapping a range, either end open', async () => {
    expect(await ids('periodFrom: "2026-06-01", periodTo: "2026-12-31"')).toEqual([traffic]);
    expect(await ids('periodFrom: "2026-12-31", periodTo: "2027-01-01"')).toEqual([drugs, traffic]);
    expect(await ids('periodFrom: "2027-06-01"')).toEqual([drugs]);
    expect(await ids('periodTo: "2026-01-01"')).toEqual([traffic]);
    expect(await ids('periodFrom: "2028-01-01"')).toEqual([]);
  });

  it('by focus area (å/ä/ö as written) and by responsible party, combined with status', async () => {
    expect(await ids('focusArea: "Trafik – Åbyn"')).toEqual([traffic]);
    expect(await ids('focusArea: "trafik"')).toEqual([]);
    expect(await ids('responsible: KOMMUN')).toEqual([drugs]);
    expect(await ids('responsible: POLICE, status: ACTIVE')).toEqual([traffic]);
    expect(await ids('responsible: JOINT')).toEqual([]);
  });

  it('refuses a range that ends before it starts', async () => {
    const { errors } = await query('{ vindeln { promises(periodFrom: "2027-01-01", periodTo: "2026-01-01") { id } } }');
    expect(errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'periodFrom' }),
    ]);
  });
});

describe('activitiesConnection', () => {
  let commitmentId: string;
  let all: { id: string; date: string }[];
  beforeAll(async () => {
    const created = await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Många aktiviteter',
      period: { start: '2026-01-01', end: '2026-12-31' },
      commitments: [{ text: 'Kampanjer', responsible: 'JOINT' }],
    });
    commitmentId = created.commitmentIds[0]!;
    // 250 activities over 100 days, several on each day, inserted in a shuffled order.
    const rows = Array.from({ length: 250 }, (_, n) => {
      const day = new Date(Date.UTC(2026, 0, 1 + ((n * 37) % 100))).toISOString().slice(0, 10);
      return {
        id: `2404-act-${String((n * 101) % 250).padStart(3, '0')}`,
        commitmentId,
        date: day,
        kind: 'CAMPAIGN' as const,
        place: 'Vindeln – Åbyn',
        description: `Kampanj ${n}`,
        outcome: null,
        sourceKind: 'ENTERED' as const,
        sourceReference: null,
      };
    });
    await subgraph.db.insertInto('activity').values(rows).execute();
    all = rows
      .map(({ id, date }) => ({ id, date }))
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  });

  const page = async (args: Record<string, unknown>) =>
    (
      await ok(
        `query ($id: ID!, $first: Int, $after: String, $from: Date, $to: Date) { vindeln { commitment(id: $id) {
        activitiesConnection(first: $first, after: $after, from: $from, to: $to) { totalCount edges { cursor node { id date place } } pageInfo { hasNextPage endCursor } } } } }`,
        { id: commitmentId, ...args },
      )
    ).commitment.activitiesConnection;

  it('walks 250 activities in pages of 40 with no duplicate and no gap, in (date, id) order', async () => {
    const seen: { id: string; date: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const connection: any = await page({ first: 40, after });
      pages += 1;
      expect(connection.totalCount).toBe(250);
      seen.push(...connection.edges.map((e: any) => ({ id: e.node.id, date: e.node.date })));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(7);
    expect(new Set(seen.map((a) => a.id)).size).toBe(250);
    expect(seen).toEqual(all);
    expect(all.filter((a) => a.date === all[0]!.date).length).toBeGreaterThan(1); // ties on a date are ordered by id
  });

  it('pages within a date range, counting only the range', async () => {
    const inRange = all.filter((a) => a.date >= '2026-02-01' && a.date <= '2026-02-28');
    const first = await page({ first: 10, from: '2026-02-01', to: '2026-02-28' });
    expect(first.totalCount).toBe(inRange.length);
    const second = await page({ first: 500, after: first.pageInfo.endCursor, from: '2026-02-01', to: '2026-02-28' });
    expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual(inRange.map((a) => a.id));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(first.edges[0].node.place).toBe('Vindeln – Åbyn');
  });

  it('costs the same statements for one commitment and for many', async () => {
    const nested =
      '{ vindeln { promises { commitments { activitiesConnection(first: 5) { totalCount edges { node { id } } } followUpsConnection { totalCount } } } } }';
    const before = subgraph.statements.length;
    await ok(nested);
    const statements = subgraph.statements.length - before;
    // promises, commitments, and a page and a count for each of the two connections.
    expect(statements).toBe(6);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 501 }, 'first'],
    [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
    [{ after: 'not base64 at all!' }, 'after'],
    [{ from: '2026-03-01', to: '2026-02-01' }, 'from'],
  ])('refuses %j with BAD_USER_INPUT on %s', async (args, field) => {
    const { errors } = await query(
      'query ($id: ID!, $first: Int, $after: String, $from: Date, $to: Date) { vindeln { commitment(id: $id) { activitiesConnection(first: $first, after: $after, from: $from, to: $to) { totalCount } } } }',
      { id: commitmentId, ...args },
    );
    expect(errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
  });
});

describe('timestamps', () => {
  it('createdAt and updatedAt on promises and commitments, publishedAt from the audit log, createdAt on follow-ups and activities', async () => {
    const started = Date.now();
    const { promiseId } = await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Tidsstämplar',
      period: { start: '2026-01-01', end: '2026-12-31' },
      commitments: [
        {
          text: 'Åtagande',
          responsible: 'JOINT',
          followUps: [{ date: '2026-06-01', status: 'ON_TRACK', note: 'Bra.' }],
          activities: [{ date: '2026-05-01', kind: 'MEETING', place: 'Vindeln', description: 'Möte.' }],
        },
      ],
    });
    const draft = (
      await ok(
        'mutation { vindeln { createPromise(input: { title: "Utkast", summary: "U.", period: { start: "2026-01-01", end: "2026-12-31" } }) { id } } }',
        {},
        editor,
      )
    ).createPromise.id;
    const read = await ok(
      `{ vindeln { p: promise(id: "${promiseId}") { createdAt updatedAt publishedAt commitments { createdAt updatedAt followUps { createdAt } activities { createdAt } } }
         d: promise(id: "${draft}") { publishedAt } } }`,
      {},
      editor,
    );
    const time = (iso: string) => new Date(iso).getTime();
    expect(time(read.p.createdAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(time(read.p.updatedAt)).toBeGreaterThanOrEqual(time(read.p.createdAt));
    expect(time(read.p.publishedAt)).toBeGreaterThanOrEqual(time(read.p.createdAt));
    expect(time(read.p.publishedAt)).toBeLessThanOrEqual(Date.now());
    expect(time(read.p.commitments[0].followUps[0].createdAt)).toBeGreaterThanOrEqual(time(read.p.createdAt));
    expect(time(read.p.commitments[0].activities[0].createdAt)).toBeGreaterThanOrEqual(time(read.p.createdAt));
    expect(read.d.publishedAt).toBeNull();
  });
});

describe('changesSince', () => {
  const feed = async (cursor: string | null, headers = editor) =>
    (
      await ok(
        'query ($cursor: String) { vindeln { changesSince(cursor: $cursor) { changes { kind action recordType recordId cursor } endCursor hasMore } } }',
        { cursor },
        headers,
      )
    ).changesSince;

  it('returns a created, an updated and a withdrawn record after a cursor, and nothing before it', async () => {
    const start = await feed(null);
    expect(start.hasMore).toBe(false);

    const { promiseId, commitmentIds } = await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Återkallas',
      period: { start: '2026-01-01', end: '2026-12-31' },
      commitments: [{ text: 'Åtagande', responsible: 'KOMMUN' }],
    });
    const withdrawnCommitment = await ok(
      `mutation { vindeln { withdrawCommitment(id: "${commitmentIds[0]}", expectedVersion: 1, reason: "Ersätts av ett nytt åtagande") { withdrawal { reason } } } }`,
      {},
      editor,
    );
    expect(withdrawnCommitment.withdrawCommitment.withdrawal).toEqual({ reason: 'Ersätts av ett nytt åtagande' });
    const withdrawn = await ok(
      `mutation { vindeln { withdrawPromise(id: "${promiseId}", expectedVersion: 2, reason: "Återkallat av kommunen") { status } } }`,
      {},
      editor,
    );
    expect(withdrawn.withdrawPromise.status).toBe('WITHDRAWN');

    const after = await feed(start.endCursor);
    expect(after.changes.map((c: any) => [c.kind, c.action, c.recordId])).toEqual([
      ['CREATED', 'createPromise', promiseId],
      ['CREATED', 'addCommitment', commitmentIds[0]],
      ['UPDATED', 'publishPromise', promiseId],
      ['WITHDRAWN', 'withdrawCommitment', commitmentIds[0]],
      ['WITHDRAWN', 'withdrawPromise', promiseId],
    ]);
    expect(after.endCursor).toBe(after.changes.at(-1).cursor);
    // Nothing from before the cursor, and nothing after the end.
    expect(after.changes.map((c: any) => c.cursor)).not.toContain(start.endCursor);
    expect((await feed(after.endCursor)).changes).toEqual([]);
    expect((await feed(after.endCursor)).endCursor).toBe(after.endCursor);
    // Read in small steps, the same changes.
    const first = await ok(
      'query ($c: String) { vindeln { changesSince(cursor: $c, first: 3) { changes { recordId } endCursor hasMore } } }',
      { c: start.endCursor },
      editor,
    );
    expect(first.changesSince.hasMore).toBe(true);
    expect(first.changesSince.changes).toHaveLength(3);
  });

  it('is only for the kommun and coordinators, and refuses a cursor it did not make', async () => {
    expect((await query('{ vindeln { changesSince { hasMore } } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await query('{ vindeln { changesSince { hasMore } } }', {}, await bearer('umea', 'editor'))).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await query('{ vindeln { changesSince { hasMore } } }', {}, await bearer('region', 'reader'))).errors,
    ).toBeUndefined();
    const bad = await query('{ vindeln { changesSince(cursor: "eyJpZCI6MX0") { hasMore } } }', {}, editor);
    expect(bad.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'cursor' }),
    ]);
  });
});

describe('auditLogConnection', () => {
  it('walks the whole loggbok newest first in pages, as auditLog lists it, with no duplicate or gap', async () => {
    await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Loggbok',
      period: { start: '2026-01-01', end: '2026-12-31' },
      commitments: [{ text: 'Å', responsible: 'KOMMUN' }],
    });
    const whole = (await ok('{ vindeln { auditLog(limit: 500) { id action } } }', {}, editor)).auditLog;
    expect(whole.length).toBeGreaterThan(5);
    const seen: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const connection: any = (
        await ok(
          'query ($after: String) { vindeln { auditLogConnection(first: 4, after: $after) { totalCount edges { node { id action } } pageInfo { hasNextPage endCursor } } } }',
          { after },
          editor,
        )
      ).auditLogConnection;
      expect(connection.totalCount).toBe(whole.length);
      seen.push(...connection.edges.map((e: any) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
  });

  it('is only for the kommun and coordinators, and refuses a cursor it did not make', async () => {
    const anonymous = await query('{ vindeln { auditLogConnection { totalCount } } }');
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const bad = await query('{ vindeln { auditLogConnection(after: "bm9wZQ") { totalCount } } }', {}, editor);
    expect(bad.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    ]);
  });
});

describe('aggregates of a whole kommun', () => {
  it('counts the åtaganden of the promises active on a date by status, and the activities in a period', async () => {
    await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Vindeln 2030',
      period: { start: '2030-01-01', end: '2030-12-31' },
      commitments: [
        {
          text: 'Ett',
          responsible: 'KOMMUN',
          followUps: [
            { date: '2030-03-01', status: 'DELAYED', note: 'Sent.' },
            { date: '2030-09-01', status: 'DONE', note: 'Klart.' },
          ],
          activities: [{ date: '2030-02-01', kind: 'MEETING', place: 'Vindeln', description: 'Möte.' }],
        },
        {
          text: 'Två',
          responsible: 'POLICE',
          followUps: [{ date: '2030-09-01', status: 'DELAYED', note: 'Sent.' }],
          activities: [
            { date: '2030-05-01', kind: 'CAMPAIGN', place: 'Åmsele', description: 'Kampanj.' },
            { date: '2031-01-15', kind: 'CAMPAIGN', place: 'Åmsele', description: 'Efter.' },
          ],
        },
        { text: 'Tre', responsible: 'JOINT' },
      ],
    });
    const data = await ok(
      '{ vindeln { commitmentCounts(activeOn: "2030-06-01") { total notFollowedUp notStarted onTrack delayed done } activityCount(from: "2030-01-01", to: "2030-12-31") } }',
    );
    expect(data).toEqual({
      commitmentCounts: { total: 3, notFollowedUp: 1, notStarted: 0, onTrack: 0, delayed: 1, done: 1 },
      activityCount: 2,
    });
  });
});

describe('withdrawn records in reporting fields', () => {
  it('are left out of counts, connections and the citizen reports, as from every default list', async () => {
    const { promiseId, commitmentIds } = await createPublishedPromise(subgraph.post, vindeln, {
      title: 'Vindeln 2040',
      period: { start: '2040-01-01', end: '2040-12-31' },
      commitments: [
        {
          text: 'Kvar',
          responsible: 'KOMMUN',
          followUps: [{ date: '2040-03-01', status: 'ON_TRACK', note: 'Går bra.' }],
          activities: [
            { date: '2040-02-01', kind: 'MEETING', place: 'Vindeln', description: 'Står kvar.' },
            { date: '2040-04-01', kind: 'MEETING', place: 'Åmsele', description: 'Återkallas.' },
          ],
        },
      ],
    });
    const commitmentId = commitmentIds[0]!;
    const read = () =>
      ok(
        `query ($c: ID!) { vindeln {
          commitment(id: $c) { activityCount activitiesConnection(first: 10) { totalCount edges { node { description } } } }
          activityCount(from: "2040-01-01", to: "2040-12-31")
          commitmentCounts(activeOn: "2040-06-01") { total onTrack }
          citizenReports(activeOn: "2040-06-01") { promise { id } }
        } }`,
        { c: commitmentId },
      );
    const before = await read();
    expect(before).toEqual({
      commitment: {
        activityCount: 2,
        activitiesConnection: {
          totalCount: 2,
          edges: [{ node: { description: 'Står kvar.' } }, { node: { description: 'Återkallas.' } }],
        },
      },
      activityCount: 2,
      commitmentCounts: { total: 1, onTrack: 1 },
      citizenReports: [{ promise: { id: promiseId } }],
    });

    const { commitment } = await ok(
      '{ vindeln { commitment(id: "' + commitmentId + '") { activities { id description } } } }',
    );
    const withdrawnActivity = commitment.activities.find((a: any) => a.description === 'Återkallas.').id;
    await ok(
      `mutation { vindeln { withdrawActivity(id: "${withdrawnActivity}", expectedVersion: 1, reason: "Dubbelregistrerad") { id } } }`,
      {},
      editor,
    );
    const afterActivity = await read();
    expect(afterActivity.commitment).toEqual({
      activityCount: 1,
      activitiesConnection: { totalCount: 1, edges: [{ node: { description: 'Står kvar.' } }] },
    });
    expect(afterActivity.activityCount).toBe(1);

    await ok(
      `mutation { vindeln { withdrawPromise(id: "${promiseId}", expectedVersion: 2, reason: "Ersatt") { status } } }`,
      {},
      editor,
    );
    const afterPromise = await read();
    expect(afterPromise.activityCount).toBe(0);
    expect(afterPromise.commitmentCounts).toEqual({ total: 0, onTrack: 0 });
    expect(afterPromise.citizenReports).toEqual([]);
  });
});
