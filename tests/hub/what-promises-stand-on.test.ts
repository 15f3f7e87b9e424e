import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityRootField, region } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import type { PoliceDatabase } from '../../subgraphs/police/database.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// The agreements, lägesbilder, dialogues and indicators behind the promises, read through the
// gateway: the regional view asks every kommun in one request, each part from its owner, and the
// citizen report joins a promise's commitments, both parties' activities and its indicator values.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const kommunDb = (slug: string) => hub.kommun(slug).running!.db as Kysely<KommunDatabase>;
const policeDb = () => hub.subgraphs.get('polis-umea')!.running!.db as Kysely<PoliceDatabase>;
const usedSubgraphs = () =>
  Object.fromEntries(
    [...hub.subgraphs.values()].filter((s) => s.requests.length > 0).map((s) => [s.name, s.requests.length]),
  );

/** What the regional query asks of every kommun; the same selection is asked of each owner directly. */
const kommunSelection = `
  currentCollaborationAgreement(on: "2024-06-01") { id title period { start end } coordinatingFunction source { kind } promises { id } }
  latestSituationPicture { id date prioritisedProblems }
  citizenDialogues { id method participantCount keyFindings promises { id } }
  promises { id indicators { id name unit measurements { date value source { kind } } } }`;

const regionalQuery = `{
  localPoliceArea(id: "umea") {
    latestSituationPicture { id date title }
    municipalities { code name ${kommunSelection} }
  }
}`;

describe('the regional view of what the promises stand on', () => {
  it('asks every kommun for its agreement, latest lägesbild and promise indicators in one request, each part from its owner', async () => {
    hub.resetRequestCounts();
    const { data, errors } = await postGraphQL(hub.gateway.url, regionalQuery);
    expect(errors).toBeUndefined();
    // The police subgraph once (the list and its own lägesbild), each kommun once, for its own part only.
    expect(usedSubgraphs()).toEqual({
      'polis-umea': 1,
      ...Object.fromEntries(region.kommuner.map((k) => [k.slug, 1])),
    });

    const area = data!.localPoliceArea;
    const policePicture = await policeDb()
      .selectFrom('situationPicture')
      .select(['id', 'date', 'title'])
      .orderBy('date', 'desc')
      .executeTakeFirstOrThrow();
    expect(area.latestSituationPicture).toEqual(policePicture);

    for (const municipality of area.municipalities) {
      const kommun = region.kommuner.find((k) => k.code === municipality.code)!;
      const root = municipalityRootField(kommun);
      const direct = await postGraphQL(hub.kommun(kommun.slug).url, `{ ${root} { ${kommunSelection} } }`);
      const { code: _code, name: _name, ...regional } = municipality;
      expect(regional, kommun.name).toEqual(direct.data![root]);
      // Every record is the kommun's own: its ids start with the kommunkod.
      const ids = [
        municipality.currentCollaborationAgreement.id,
        municipality.latestSituationPicture.id,
        ...municipality.promises.flatMap((p: any) => [p.id, ...p.indicators.map((i: any) => i.id)]),
      ];
      for (const id of ids) expect(id.startsWith(`${kommun.code}-`), `${id} in ${kommun.name}`).toBe(true);
      const latest = await kommunDb(kommun.slug)
        .selectFrom('situationPicture')
        .select(['id', 'date'])
        .orderBy('date', 'desc')
        .executeTakeFirstOrThrow();
      expect(municipality.latestSituationPicture).toMatchObject(latest);
    }
  });

  it('shows the published facts: Umeå’s agreement 2021–2024 through Umebrå, Vännäs’s 2022 survey and its 85 % baseline', async () => {
    const { data } = await postGraphQL(hub.gateway.url, regionalQuery);
    const byName = Object.fromEntries(data!.localPoliceArea.municipalities.map((m: any) => [m.name, m]));

    expect(byName.Umeå.currentCollaborationAgreement).toEqual({
      id: '2480-so-2021',
      title: 'Samverkansöverenskommelse mellan Umeå kommun och Lokalpolisområde Umeå 2021–2024',
      period: { start: '2021-01-01', end: '2024-12-31' },
      coordinatingFunction: 'Umebrå, Umeås brottsförebyggande samverkan sedan 1985',
      source: { kind: 'PUBLISHED' },
      promises: [{ id: '2480-ml-2023' }, { id: '2480-ml-2021' }],
    });
    expect(byName.Vännäs.citizenDialogues).toEqual([
      {
        id: '2460-md-2022',
        method: 'SURVEY',
        participantCount: 200,
        keyFindings: ['Omkring 200 svar.', '85 % känner sig trygga.'],
        promises: [{ id: '2460-ml-2023' }],
      },
    ]);
    expect(byName.Vännäs.promises[0].indicators).toEqual([
      {
        id: '2460-ind-trygghet',
        name: 'Andel som känner sig trygga',
        unit: '%',
        measurements: [
          { date: '2022-12-31', value: 85, source: { kind: 'PUBLISHED' } },
          { date: '2024-12-31', value: 87, source: { kind: 'ILLUSTRATIVE' } },
        ],
      },
    ]);
    // The agreements of the other five kommuner are not published: illustrative, and labelled so.
    for (const name of ['Bjurholm', 'Nordmaling', 'Robertsfors', 'Vindeln', 'Vännäs']) {
      expect(byName[name].currentCollaborationAgreement.source, name).toEqual({ kind: 'ILLUSTRATIVE' });
    }
  });

  it('a kommun that is down costs only its own part', async () => {
    const before = (await postGraphQL(hub.gateway.url, regionalQuery)).data!.localPoliceArea;
    await hub.kommun('vindeln').stop();
    try {
      const { data, errors } = await postGraphQL(hub.gateway.url, regionalQuery);
      for (const [i, municipality] of data!.localPoliceArea.municipalities.entries()) {
        if (municipality.code === '2404') {
          expect(municipality).toEqual({
            code: '2404',
            name: 'Vindeln',
            currentCollaborationAgreement: null,
            latestSituationPicture: null,
            citizenDialogues: null,
            promises: null,
          });
        } else {
          expect(municipality).toEqual(before.municipalities[i]);
        }
      }
      expect(data!.localPoliceArea.latestSituationPicture).toEqual(before.latestSituationPicture);
      expect(errors).toHaveLength(1);
      expect(errors![0]!.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'vindeln',
        kommunCode: '2404',
      });
    } finally {
      await hub.kommun('vindeln').start();
    }
  });
});

const reportQuery = `query ($promiseId: ID!) { umea { citizenReport(promiseId: $promiseId) {
  asOf
  promise { id title period { start end } signatories { name } collaborationAgreement { id } situationPictures { id } }
  commitmentsByStatus { status count }
  notFollowedUp
  commitments {
    commitment { id text activities { id date kind } policeActivities { id date kind } }
    latestFollowUp { id date status }
    indicators { indicator { id } direction }
  }
  indicators {
    indicator { id name }
    baseline { value date } target { value date }
    latest { date value } changeFromBaseline direction targetReached
    measurements { date value }
  }
} } }`;

describe('the citizen report for Umeå’s promises 2023–2024', () => {
  it('returns each commitment with the kommun’s and the police’s activities and the indicator values, in one request', async () => {
    hub.resetRequestCounts();
    const { data, errors } = await postGraphQL(hub.gateway.url, reportQuery, { promiseId: '2480-ml-2023' });
    expect(errors).toBeUndefined();
    // Umeå once for its report, the police once for the activities of all commitments in one batch.
    expect(usedSubgraphs()).toEqual({ umea: 1, 'polis-umea': 1 });

    const report = data!.umea.citizenReport;
    expect(report.asOf).toBe('2024-12-31');
    expect(report.promise).toEqual({
      id: '2480-ml-2023',
      title: 'Medborgarlöften för Umeå 2023–2024',
      period: { start: '2023-01-01', end: '2024-12-31' },
      signatories: [{ name: 'Hans Lindberg' }, { name: 'Michael Rystedt' }],
      collaborationAgreement: { id: '2480-so-2021' },
      situationPictures: [{ id: '2480-lb-2022' }],
    });

    const commitments = await kommunDb('umea')
      .selectFrom('commitment')
      .select(['id', 'text'])
      .where('promiseId', '=', '2480-ml-2023')
      .orderBy('position')
      .execute();
    expect(report.commitments.map((c: any) => ({ id: c.commitment.id, text: c.commitment.text }))).toEqual(commitments);
    let policeActivities = 0;
    for (const { commitment, latestFollowUp } of report.commitments) {
      const own = await kommunDb('umea')
        .selectFrom('activity')
        .select(['id', 'date', 'kind'])
        .where('commitmentId', '=', commitment.id)
        .orderBy('date')
        .orderBy('id')
        .execute();
      expect(commitment.activities).toEqual(own);
      const police = await policeDb()
        .selectFrom('policeActivity')
        .select(['id', 'date', 'kind'])
        .where('commitmentId', '=', commitment.id)
        .orderBy('date')
        .orderBy('id')
        .execute();
      expect(commitment.policeActivities).toEqual(police);
      policeActivities += police.length;
      const followUp = await kommunDb('umea')
        .selectFrom('followUp')
        .select(['id', 'date', 'status'])
        .where('commitmentId', '=', commitment.id)
        .orderBy('date', 'desc')
        .executeTakeFirstOrThrow();
      expect(latestFollowUp).toEqual(followUp);
    }
    expect(policeActivities).toBeGreaterThan(0);
    const mopeds = report.commitments.find((c: any) => c.commitment.id === '2480-ml-2023-c7');
    expect(mopeds.commitment.policeActivities.map((a: any) => [a.date, a.kind])).toEqual([
      ['2023-05-15', 'MOPED_CONTROL'],
      ['2023-09-15', 'MOPED_CONTROL'],
      ['2024-05-15', 'MOPED_CONTROL'],
      ['2024-09-15', 'MOPED_CONTROL'],
    ]);
    expect(mopeds.indicators).toEqual([{ indicator: { id: '2480-ind-mopedinsatser' }, direction: 'UNCHANGED' }]);
    expect(report.commitmentsByStatus).toEqual([
      { status: 'NOT_STARTED', count: 0 },
      { status: 'ON_TRACK', count: 0 },
      { status: 'DELAYED', count: 0 },
      { status: 'DONE', count: commitments.length },
    ]);
    expect(report.notFollowedUp).toBe(0);

    // The promise's own indicator first, then its commitments', each with every value up to the report's date.
    expect(report.indicators.map((i: any) => i.indicator.id)).toEqual([
      '2480-ind-otrygghet',
      '2480-ind-trafikkampanjer',
      '2480-ind-mopedinsatser',
    ]);
    for (const trend of report.indicators) {
      const values = await kommunDb('umea')
        .selectFrom('measurement')
        .select(['date', 'value'])
        .where('indicatorId', '=', trend.indicator.id)
        .orderBy('date')
        .execute();
      expect(trend.measurements).toEqual(values);
    }
    expect(report.indicators[0]).toMatchObject({
      baseline: { value: 28, date: '2021-12-31' },
      target: { value: 24, date: '2024-12-31' },
      latest: { date: '2024-12-31', value: 25 },
      changeFromBaseline: -3,
      direction: 'IMPROVING',
      targetReached: false,
    });
    expect(report.indicators[1]).toMatchObject({ changeFromBaseline: 0, direction: 'UNCHANGED', targetReached: true });
  });

  it('counts only what happened up to the end of the promise’s period', async () => {
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation { umea { recordMeasurement(indicatorId: "2480-ind-otrygghet", input: { date: "2025-12-31", value: 23 }) { id } } }',
      {},
      await bearer('umea'),
    );
    expect(errors).toBeUndefined();
    const { data } = await postGraphQL(
      hub.gateway.url,
      `query ($promiseId: ID!) { umea { citizenReport(promiseId: $promiseId) { indicators { latest { value } targetReached } }
        indicator(id: "2480-ind-otrygghet") { trend(until: "2026-01-31") { latest { value } changeFromBaseline targetReached } } } }`,
      { promiseId: '2480-ml-2023' },
    );
    expect(data!.umea.citizenReport.indicators[0]).toEqual({ latest: { value: 25 }, targetReached: false });
    expect(data!.umea.indicator.trend).toEqual({ latest: { value: 23 }, changeFromBaseline: -5, targetReached: true });
  });

  it('is null for a promise the kommun does not have, or another kommun’s', async () => {
    for (const promiseId of ['2480-finns-inte', '2460-ml-2023']) {
      const { data, errors } = await postGraphQL(hub.gateway.url, reportQuery, { promiseId });
      expect(errors).toBeUndefined();
      expect(data!.umea.citizenReport).toBeNull();
    }
  });
});
