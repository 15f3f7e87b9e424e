import { readFileSync } from 'node:fs';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { region } from '../../domain/region.js';
import { documentId, loadReportCatalogue, reportOperation } from '../../gateway/report-catalogue.js';
import { rowPlan } from '../../gateway/report-rows.js';
import { type RunningGateway, startGateway } from '../../gateway/start-gateway.js';
import { limitsFromEnv } from '../../server/http/limits.js';
import { supergraphFile } from '../../server/project-root.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { createPublishedPromise } from '../support/promise-fixtures.js';
import { bearer } from '../support/tokens.js';

// The named report operations in reports/: valid against the committed supergraph, served as
// trusted documents by id, and, with TRUSTED_DOCUMENTS_ONLY, the only operations anonymous callers may run.
const catalogue = loadReportCatalogue();
const supergraphSdl = readFileSync(supergraphFile, 'utf8');

describe('the committed report operations', () => {
  it('are the five the README lists, each one named query in a file of its name', () => {
    expect([...catalogue.byName.keys()]).toEqual([
      'CommitmentStatus',
      'IndicatorTrends',
      'PoliceActivities',
      'RegionalCitizenReports',
      'RegionalPromises',
    ]);
    for (const report of catalogue.byName.values()) expect(report.id).toBe(documentId(report.text));
  });

  it('stay valid against the committed supergraph’s API schema (a schema change that breaks one fails here)', () => {
    // Printed and rebuilt: federation-internals holds a graphql copy of its own.
    const apiSchema = buildSchema(printSchema(Supergraph.build(supergraphSdl).apiSchema()));
    for (const report of catalogue.byName.values())
      expect(validate(apiSchema, report.document).map((e) => `${report.name}: ${e.message}`)).toEqual([]);
    // Each also makes a table for its CSV export: one list of objects per level, no two columns of one name.
    for (const report of catalogue.byName.values())
      expect(rowPlan(report, apiSchema).columns.length).toBeGreaterThan(3);
    expect(() =>
      rowPlan(reportOperation('A', 'query A { municipalities { promises { id } indicators { id } } }'), apiSchema),
    ).toThrow('two lists of objects on one level');
    expect(() =>
      rowPlan(reportOperation('A', 'query A { municipalities { name promises { name: title } } }'), apiSchema),
    ).toThrow('two columns named name');
  });

  it('refuses a file with two operations, a mutation, or an operation named otherwise', () => {
    expect(() => reportOperation('A', 'query A { umea { name } } query B { umea { name } }')).toThrow(
      'exactly one operation',
    );
    expect(() => reportOperation('A', 'mutation A { umea { createPromise { id } } }')).toThrow('must be a query');
    expect(() => reportOperation('A', 'query B { umea { name } }')).toThrow('must name its operation A');
  });
});

describe('through the gateway', () => {
  let hub: TestHub;
  let strict: RunningGateway;
  beforeAll(async () => {
    hub = await startTestHub();
    // A second gateway over the same subgraphs, accepting only trusted documents from the public,
    // in production mode as it would run: its refusals must pass the error masking.
    strict = await startGateway({
      limits: { ...limitsFromEnv({}), production: true, introspection: false },
      region,
      supergraphSdl,
      subgraphUrls: Object.fromEntries([...hub.subgraphs.values()].map((s) => [s.name, s.url])),
      trustedDocumentsOnly: true,
    });
  });
  afterAll(async () => {
    await strict?.stop();
    await hub?.stop();
  });

  const byId = (url: string, name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: catalogue.byName.get(name)!.id } },
      }),
    });

  it('runs RegionalPromises sent by id only, with commitments counted by status per promise', async () => {
    const { promiseId } = await createPublishedPromise(
      hub.gateway.url,
      { slug: 'bjurholm' },
      {
        title: 'Trygghet på Bjurholms torg – åäö',
        period: { start: '2026-01-01', end: '2027-12-31' },
        signedOn: '2026-02-14',
        commitments: [
          {
            text: 'Trygghetsvandringar',
            responsible: 'JOINT',
            followUps: [
              { date: '2026-06-01', status: 'NOT_STARTED', note: 'Planeras.' },
              { date: '2026-10-01', status: 'ON_TRACK', note: 'Två genomförda.' },
            ],
          },
          {
            text: 'Belysning vid skolan',
            responsible: 'KOMMUN',
            followUps: [{ date: '2026-10-01', status: 'DELAYED', note: 'Upphandling pågår.' }],
          },
          {
            text: 'Trafikkontroller',
            responsible: 'POLICE',
            followUps: [{ date: '2026-10-02', status: 'DONE', note: 'Klart.' }],
          },
          { text: 'Grannsamverkan', responsible: 'OTHER' },
        ],
      },
    );
    const response = await byId(hub.gateway.url, 'RegionalPromises', { codes: ['2403'], activeOn: '2026-11-01' });
    expect(response.status).toBe(200);
    const { data, errors } = await response.json();
    expect(errors).toBeUndefined();
    expect(data.municipalities).toEqual([
      {
        kommunCode: '2403',
        kommun: 'Bjurholm',
        promises: [
          {
            promiseId,
            title: 'Trygghet på Bjurholms torg – åäö',
            period: { start: '2026-01-01', end: '2027-12-31' },
            status: 'ACTIVE',
            signedOn: '2026-02-14',
            commitmentCounts: { total: 4, notFollowedUp: 1, notStarted: 0, onTrack: 1, delayed: 1, done: 1 },
            latestFollowUp: { date: '2026-10-02', status: 'DONE' },
          },
        ],
      },
    ]);
  });

  it('refuses an anonymous free-form query in trusted-documents-only mode, and lets a trusted document and an editor’s own query through', async () => {
    const freeForm = '{ municipalities { name } }';
    const anonymous = await fetch(strict.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: freeForm }),
    });
    expect(anonymous.status).toBe(403);
    expect((await anonymous.json()).errors.map((e: any) => e.extensions.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);

    const reader = await postGraphQL(strict.url, freeForm, {}, await bearer('umea', 'reader'));
    expect(reader.errors?.map((e) => e.extensions?.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);

    for (const headers of [await bearer('umea', 'editor'), await bearer('region', 'reader')]) {
      const own = await postGraphQL(strict.url, freeForm, {}, headers);
      expect(own).toEqual({ data: { municipalities: region.kommuner.map((k) => ({ name: k.name })) } });
    }

    // The exports run trusted documents only, so they stay open to anonymous callers.
    const exported = await fetch(new URL('/reports/PoliceActivities.json?codes=2460', strict.url));
    expect(exported.status).toBe(200);
    expect((await exported.json()).rows.length).toBeGreaterThan(0);

    const trusted = await byId(strict.url, 'PoliceActivities', {
      codes: ['2460'],
      from: '2023-01-01',
      to: '2023-12-31',
    });
    expect(trusted.status).toBe(200);
    const body = await trusted.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.municipalities[0].kommun).toBe('Vännäs');
    // The document's own text, sent with its id or alone, is trusted too.
    const text = catalogue.byName.get('IndicatorTrends')!.text;
    const asText = await postGraphQL(strict.url, text, { codes: ['2460'], until: '2024-12-31' });
    expect(asText.errors).toBeUndefined();
    expect(asText.data!.municipalities[0].indicators.length).toBeGreaterThan(0);
  });

  it('does not trust a document an editor registered as an automatic persisted query', async () => {
    const query = '{ municipalities { code } }';
    const sha256Hash = documentId(query);
    const registered = await fetch(strict.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer('umea', 'editor')) },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect(registered.status).toBe(200);
    const replayed = await fetch(strict.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect((await replayed.json()).errors.map((e: any) => e.extensions.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
  });

  it('answers RegionalCitizenReports for the whole region in one request, its SQL statements per kommun not growing with the promises', async () => {
    const statements = async (slug: string) => {
      const text = await (await fetch(new URL('/metrics', hub.kommun(slug).running!.opsUrl))).text();
      return Number(/^sql_statements_total (\d+)$/m.exec(text)![1]);
    };
    const run = async () => {
      const before = await Promise.all(region.kommuner.map((k) => statements(k.slug)));
      hub.resetRequestCounts();
      const response = await byId(hub.gateway.url, 'RegionalCitizenReports', { activeOn: '2024-06-01' });
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      for (const kommun of region.kommuner) expect(hub.kommun(kommun.slug).requests).toHaveLength(1);
      const after = await Promise.all(region.kommuner.map((k) => statements(k.slug)));
      return { data: body.data, perKommun: after.map((n, i) => n - before[i]!) };
    };
    const seeded = await run();
    const umea = seeded.data.municipalities[0];
    expect(umea.kommun).toBe('Umeå');
    expect(umea.citizenReports.map((r: any) => [r.asOf, r.promise.title])).toEqual([
      ['2024-12-31', 'Medborgarlöften för Umeå 2023–2024'],
    ]);

    // Ten more promises active on the date, each with two commitments followed up and acted on.
    const db = hub.kommun('umea').running!.db as any;
    for (let n = 0; n < 10; n += 1) {
      const id = `2480-report-${n}`;
      await db
        .insertInto('citizenPromise')
        .values({
          id,
          title: `Löfte ${n} – Umeå`,
          summary: 'Test.',
          periodStart: '2024-01-01',
          periodEnd: '2024-12-31',
          status: 'ACTIVE',
          signedOn: null,
          focusAreas: [],
          extendsId: null,
          sourceKind: 'ILLUSTRATIVE',
          sourceReference: null,
        })
        .execute();
      for (const c of [1, 2]) {
        await db
          .insertInto('commitment')
          .values({
            id: `${id}-c${c}`,
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
        await db
          .insertInto('followUp')
          .values({
            id: `${id}-c${c}-f`,
            commitmentId: `${id}-c${c}`,
            date: '2024-06-01',
            status: 'DELAYED',
            note: 'Försenad.',
            sourceKind: 'ILLUSTRATIVE',
            sourceReference: null,
          })
          .execute();
      }
    }
    const grown = await run();
    expect(grown.data.municipalities[0].citizenReports).toHaveLength(11);
    expect(
      grown.data.municipalities[0].citizenReports.find((r: any) => r.promise.promiseId === '2480-report-3').promise
        .commitmentCounts,
    ).toEqual({
      total: 2,
      notFollowedUp: 0,
      notStarted: 0,
      onTrack: 0,
      delayed: 2,
      done: 0,
    });
    expect(grown.perKommun).toEqual(seeded.perKommun);
    // promises, commitments, follow-ups, activities: one statement each, for the whole kommun.
    expect(grown.perKommun[0]).toBe(4);
  });
});
