import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { createPublishedPromise } from '../support/promise-fixtures.js';
import { bearer } from '../support/tokens.js';

// GET /reports/<Operation>.csv and .json at the gateway, over the seeded hub plus records each
// test writes itself, read back as exact rows.
let hub: TestHub;
let base: string;
let robertsfors: { promiseId: string; commitmentIds: string[] };

const BOM = '\uFEFF';
const title = 'Trygghet i Robertsfors, "centrum" – åäö';

beforeAll(async () => {
  hub = await startTestHub();
  base = new URL(hub.gateway.url).origin;
  robertsfors = await createPublishedPromise(
    hub.gateway.url,
    { slug: 'robertsfors' },
    {
      title,
      period: { start: '2026-01-01', end: '2027-12-31' },
      signedOn: '2026-03-01',
      commitments: [
        {
          text: 'Trygghetsvandringar i Ånäset',
          responsible: 'JOINT',
          followUps: [{ date: '2026-09-30', status: 'ON_TRACK', note: 'Två av fyra; nästa i oktober.' }],
          activities: [
            { date: '2025-12-31', kind: 'SAFETY_WALK', place: 'Ånäset', description: 'Före perioden.' },
            { date: '2026-04-01', kind: 'SAFETY_WALK', place: 'Ånäset', description: 'Vår.' },
            { date: '2026-09-01', kind: 'SAFETY_WALK', place: 'Sikeå', description: 'Höst.' },
          ],
        },
        {
          text: 'Föräldravandringar',
          responsible: 'KOMMUN',
          followUps: [{ date: '2026-09-30', status: 'DELAYED', note: 'Få anmälda.' }],
        },
        { text: 'Hastighetskontroller på E4', responsible: 'POLICE' },
      ],
    },
  );
  const police = await bearer('polis-umea', 'editor');
  for (const [commitmentId, date, place] of [
    [robertsfors.commitmentIds[2]!, '2026-05-12', 'E4 vid Ånäset'],
    [robertsfors.commitmentIds[2]!, '2026-06-02', 'E4 vid Sikeå'],
    [robertsfors.commitmentIds[0]!, '2026-04-01', 'Ånäset'],
  ] as const) {
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id } }',
      {
        input: {
          commitmentId,
          date,
          kind: commitmentId === robertsfors.commitmentIds[2] ? 'TRAFFIC_OPERATION' : 'SAFETY_WALK',
          place,
          description: 'Insats.',
        },
      },
      police,
    );
    expect(errors).toBeUndefined();
  }
});
afterAll(() => hub?.stop());

/** Response.text() drops a BOM; this keeps it. */
const textWithBom = async (response: Response) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

const promiseHeader =
  'kommunCode,kommun,promiseId,title,period.start,period.end,status,signedOn,commitmentCounts.total,commitmentCounts.notFollowedUp,commitmentCounts.notStarted,commitmentCounts.onTrack,commitmentCounts.delayed,commitmentCounts.done,latestFollowUp.date,latestFollowUp.status';

describe('RegionalPromises', () => {
  it('exports CSV per RFC 4180 with a BOM, one header row and å/ä/ö intact, by a plain GET', async () => {
    const response = await get('/reports/RegionalPromises.csv?codes=2409&activeOn=2026-11-01');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="RegionalPromises.csv"');
    expect(response.headers.get('report-missing')).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(
      `${BOM}${promiseHeader}\r\n` +
        `2409,Robertsfors,${robertsfors.promiseId},"Trygghet i Robertsfors, ""centrum"" – åäö",2026-01-01,2027-12-31,ACTIVE,2026-03-01,3,1,0,1,1,0,2026-09-30,ON_TRACK\r\n`,
    );
  });

  it('exports the ;-separated variant for Swedish Excel', async () => {
    const text = await textWithBom(
      await get('/reports/RegionalPromises.csv?codes=2409&activeOn=2026-11-01&delimiter=semicolon'),
    );
    expect(text).toBe(
      `${BOM}${promiseHeader.replaceAll(',', ';')}\r\n` +
        `2409;Robertsfors;${robertsfors.promiseId};"Trygghet i Robertsfors, ""centrum"" – åäö";2026-01-01;2027-12-31;ACTIVE;2026-03-01;3;1;0;1;1;0;2026-09-30;ON_TRACK\r\n`,
    );
  });

  it('filters by the new promise filters given as query parameters', async () => {
    const rows = async (params: string) =>
      (await (await get(`/reports/RegionalPromises.json?codes=2409&${params}`)).json()).rows.map(
        (r: any) => r.promiseId,
      );
    expect(await rows('responsible=POLICE&periodFrom=2026-06-01&periodTo=2026-06-30')).toEqual([robertsfors.promiseId]);
    expect(await rows('responsible=OTHER&periodFrom=2026-06-01')).toEqual([]);
    expect(await rows('periodFrom=2028-01-01')).toEqual([]);
  });

  it('exports JSON with the same columns and rows', async () => {
    const response = await get('/reports/RegionalPromises.json?codes=2409&activeOn=2026-11-01');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      report: 'RegionalPromises',
      columns: promiseHeader.split(','),
      rows: [
        {
          kommunCode: '2409',
          kommun: 'Robertsfors',
          promiseId: robertsfors.promiseId,
          title,
          'period.start': '2026-01-01',
          'period.end': '2027-12-31',
          status: 'ACTIVE',
          signedOn: '2026-03-01',
          'commitmentCounts.total': 3,
          'commitmentCounts.notFollowedUp': 1,
          'commitmentCounts.notStarted': 0,
          'commitmentCounts.onTrack': 1,
          'commitmentCounts.delayed': 1,
          'commitmentCounts.done': 0,
          'latestFollowUp.date': '2026-09-30',
          'latestFollowUp.status': 'ON_TRACK',
        },
      ],
      missing: [],
      errors: [],
    });
  });

  it('runs with the caller’s token: an editor’s export holds the kommun’s draft, an anonymous one does not', async () => {
    const editor = await bearer('bjurholm', 'editor');
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation { bjurholm { createPromise(input: { title: "Utkast – Öberg", summary: "Utkast.", period: { start: "2026-06-01", end: "2026-12-31" } }) { id } } }',
      {},
      editor,
    );
    expect(errors).toBeUndefined();
    const titles = async (headers: Record<string, string>) =>
      (await (await get('/reports/RegionalPromises.json?codes=2403&activeOn=2026-11-01', headers)).json()).rows.map(
        (r: any) => [r.title, r.status],
      );
    expect(await titles(editor)).toEqual([['Utkast – Öberg', 'DRAFT']]);
    expect(await titles({})).toEqual([]);
  });

  it('when a kommun is down: its rows are missing, the others are there, and the export says which kommun', async () => {
    const complete = (await (await get('/reports/RegionalPromises.json')).json()).rows;
    expect(new Set(complete.map((r: any) => r.kommun))).toEqual(
      new Set(['Umeå', 'Bjurholm', 'Nordmaling', 'Robertsfors', 'Vindeln', 'Vännäs']),
    );
    await hub.kommun('vindeln').stop();
    try {
      const csv = await get('/reports/RegionalPromises.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('report-missing')).toBe('vindeln');
      const lines = (await csv.text()).split('\r\n');
      const expectedRows = complete.filter((r: any) => r.kommun !== 'Vindeln');
      expect(lines).toHaveLength(1 + expectedRows.length + 1 + 1); // header, rows, trailer, and the empty string after the last CRLF
      expect(lines.slice(1, -2).map((l) => l.split(',')[1])).toEqual(expectedRows.map((r: any) => r.kommun));
      expect(lines.at(-2)).toBe(
        `# INCOMPLETE: the rows of Vindeln (kommunkod 2404) are missing: SUBGRAPH_UNAVAILABLE${','.repeat(15)}`,
      );

      const json = await (await get('/reports/RegionalPromises.json')).json();
      expect(json.rows).toEqual(expectedRows);
      expect(json.missing).toEqual([
        {
          serviceName: 'vindeln',
          party: 'Vindeln',
          kommunCode: '2404',
          code: 'SUBGRAPH_UNAVAILABLE',
          message: expect.stringContaining('Vindelns kommun'),
        },
      ]);
    } finally {
      await hub.kommun('vindeln').start();
    }
  });
});

describe('the other reports', () => {
  it('CommitmentStatus: one row per commitment, activities of both parties counted in the period', async () => {
    const body = await (
      await get('/reports/CommitmentStatus.json?codes=2409&activeOn=2026-11-01&from=2026-01-01&to=2026-12-31')
    ).json();
    expect(body.columns).toEqual([
      'kommunCode',
      'kommun',
      'promiseId',
      'promise',
      'commitmentId',
      'text',
      'responsible',
      'otherParty',
      'target.text',
      'target.yearlyCount',
      'latestFollowUp.date',
      'latestFollowUp.status',
      'latestFollowUp.note',
      'kommunActivities',
      'policeActivities',
    ]);
    const common = {
      kommunCode: '2409',
      kommun: 'Robertsfors',
      promiseId: robertsfors.promiseId,
      promise: title,
      otherParty: null,
      'target.text': null,
      'target.yearlyCount': null,
    };
    expect(body.rows).toEqual([
      {
        ...common,
        commitmentId: robertsfors.commitmentIds[0],
        text: 'Trygghetsvandringar i Ånäset',
        responsible: 'JOINT',
        'latestFollowUp.date': '2026-09-30',
        'latestFollowUp.status': 'ON_TRACK',
        'latestFollowUp.note': 'Två av fyra; nästa i oktober.',
        kommunActivities: 2,
        policeActivities: 1,
      },
      {
        ...common,
        commitmentId: robertsfors.commitmentIds[1],
        text: 'Föräldravandringar',
        responsible: 'KOMMUN',
        'latestFollowUp.date': '2026-09-30',
        'latestFollowUp.status': 'DELAYED',
        'latestFollowUp.note': 'Få anmälda.',
        kommunActivities: 0,
        policeActivities: 0,
      },
      {
        ...common,
        commitmentId: robertsfors.commitmentIds[2],
        text: 'Hastighetskontroller på E4',
        responsible: 'POLICE',
        'latestFollowUp.date': null,
        'latestFollowUp.status': null,
        'latestFollowUp.note': null,
        kommunActivities: 0,
        policeActivities: 2,
      },
    ]);
    // The ;-variant quotes the note that holds a ;.
    const csv = await (
      await get(
        '/reports/CommitmentStatus.csv?codes=2409&activeOn=2026-11-01&from=2026-01-01&to=2026-12-31&delimiter=semicolon',
      )
    ).text();
    expect(csv.split('\r\n')[1]).toBe(
      `2409;Robertsfors;${robertsfors.promiseId};Trygghet i Robertsfors, ""centrum"" – åäö;${robertsfors.commitmentIds[0]};Trygghetsvandringar i Ånäset;JOINT;;;;2026-09-30;ON_TRACK;"Två av fyra; nästa i oktober.";2;1`.replace(
        'Trygghet i Robertsfors, ""centrum"" – åäö',
        '"Trygghet i Robertsfors, ""centrum"" – åäö"',
      ),
    );
  });

  it('PoliceActivities: one row per police activity of the kommun in the period', async () => {
    const body = await (await get('/reports/PoliceActivities.json?codes=2409&from=2026-01-01&to=2026-12-31')).json();
    expect(body.rows.map(({ activityId: _id, ...row }: any) => row)).toEqual([
      {
        kommunCode: '2409',
        kommun: 'Robertsfors',
        date: '2026-04-01',
        kind: 'SAFETY_WALK',
        place: 'Ånäset',
        description: 'Insats.',
        commitmentId: robertsfors.commitmentIds[0],
      },
      {
        kommunCode: '2409',
        kommun: 'Robertsfors',
        date: '2026-05-12',
        kind: 'TRAFFIC_OPERATION',
        place: 'E4 vid Ånäset',
        description: 'Insats.',
        commitmentId: robertsfors.commitmentIds[2],
      },
      {
        kommunCode: '2409',
        kommun: 'Robertsfors',
        date: '2026-06-02',
        kind: 'TRAFFIC_OPERATION',
        place: 'E4 vid Sikeå',
        description: 'Insats.',
        commitmentId: robertsfors.commitmentIds[2],
      },
    ]);
  });

  it('RegionalCitizenReports: one row per commitment of every promise active on the date', async () => {
    const body = await (await get('/reports/RegionalCitizenReports.json?activeOn=2026-11-01')).json();
    expect(body.missing).toEqual([]);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    expect(
      body.rows.map((r: any) => [
        r.kommun,
        r.asOf,
        r['promise.title'],
        r['commitment.text'],
        r['promise.commitmentCounts.delayed'],
        r['latestFollowUp.status'],
        r['commitment.kommunActivities'],
        r['commitment.policeActivities'],
      ]),
    ).toEqual([
      ['Robertsfors', today, title, 'Trygghetsvandringar i Ånäset', 1, 'ON_TRACK', 3, 1],
      ['Robertsfors', today, title, 'Föräldravandringar', 1, 'DELAYED', 0, 0],
      ['Robertsfors', today, title, 'Hastighetskontroller på E4', 1, null, 0, 2],
    ]);
  });

  it('IndicatorTrends: one row per indicator, decimals with a comma in the ;-variant', async () => {
    const editor = await bearer('nordmaling', 'editor');
    const created = await postGraphQL(
      hub.gateway.url,
      `mutation { nordmaling { createIndicator(input: { name: "Andel otrygga i Nordmaling – åäö", definition: "Andel (%).", unit: "%", dataSource: LOCAL_SURVEY,
        desiredDirection: DECREASE, baseline: { value: 20.5, date: "2025-01-01" }, target: { value: 15, date: "2027-12-31" } }) { id } } }`,
      {},
      editor,
    );
    const indicatorId = created.data!.nordmaling.createIndicator.id;
    const measured = await postGraphQL(
      hub.gateway.url,
      `mutation { nordmaling { recordMeasurement(indicatorId: "${indicatorId}", input: { date: "2026-06-01", value: 18.25 }) { id } } }`,
      {},
      editor,
    );
    expect(measured.errors).toBeUndefined();
    const body = await (await get('/reports/IndicatorTrends.json?codes=2401&until=2026-12-31')).json();
    expect(body.rows.find((r: any) => r.indicatorId === indicatorId)).toEqual({
      kommunCode: '2401',
      kommun: 'Nordmaling',
      indicatorId,
      name: 'Andel otrygga i Nordmaling – åäö',
      unit: '%',
      dataSource: 'LOCAL_SURVEY',
      desiredDirection: 'DECREASE',
      'baseline.value': 20.5,
      'baseline.date': '2025-01-01',
      'target.value': 15,
      'target.date': '2027-12-31',
      'trend.latest.value': 18.25,
      'trend.latest.date': '2026-06-01',
      'trend.changeFromBaseline': -2.25,
      'trend.direction': 'IMPROVING',
      'trend.targetReached': false,
    });
    const csv = await (
      await get('/reports/IndicatorTrends.csv?codes=2401&until=2026-12-31&delimiter=semicolon')
    ).text();
    expect(csv).toContain(
      `2401;Nordmaling;${indicatorId};Andel otrygga i Nordmaling – åäö;%;LOCAL_SURVEY;DECREASE;20,5;2025-01-01;15;2027-12-31;18,25;2026-06-01;-2,25;IMPROVING;false\r\n`,
    );
  });
});

describe('bad requests get a clear error with a code, never internal text', () => {
  it.each([
    ['/reports/NoSuchReport.csv', 404, 'NOT_FOUND'],
    ['/reports/RegionalPromises.xlsx', 404, 'NOT_FOUND'],
    ['/reports/RegionalPromises.csv?kommun=umea', 400, 'BAD_USER_INPUT'],
    ['/reports/RegionalPromises.csv?delimiter=tab', 400, 'BAD_USER_INPUT'],
    ['/reports/RegionalPromises.csv?activeOn=2026-13-45', 400, 'BAD_USER_INPUT'],
    ['/reports/RegionalPromises.csv?status=SOMETIMES', 400, 'BAD_USER_INPUT'],
    ['/reports/RegionalPromises.csv?codes=9999', 400, 'BAD_USER_INPUT'],
    ['/reports/RegionalCitizenReports.csv', 400, 'BAD_USER_INPUT'],
  ])('%s → %i %s', async (path, status, code) => {
    const response = await get(path);
    const text = await response.text();
    expect(response.status).toBe(status);
    expect(JSON.parse(text).errors.map((e: any) => e.extensions.code)).toContain(code);
    expect(text).not.toMatch(/stacktrace| {4}at /);
  });

  it('a bad token is refused with 401', async () => {
    const response = await get('/reports/RegionalPromises.csv', { authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(401);
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

it('GET /reports lists the catalogue as a persisted query manifest', async () => {
  const manifest = await (await get('/reports')).json();
  expect(manifest.format).toBe('apollo-persisted-query-manifest');
  expect(manifest.operations.find((o: any) => o.name === 'RegionalCitizenReports')).toMatchObject({
    type: 'query',
    variables: [
      { name: 'activeOn', type: 'Date!', required: true },
      { name: 'codes', type: '[ID!]', required: false },
    ],
  });
});
