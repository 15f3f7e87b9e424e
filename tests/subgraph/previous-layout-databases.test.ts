import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKommun, region } from '../../domain/region.js';
import { migrateToLatest, openDatabase } from '../../server/database.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { kommunMigrations } from '../../subgraphs/kommun/migrations/index.js';
import { commitmentCheckOverHttp } from '../../subgraphs/police/commitment-check.js';
import type { PoliceDatabase } from '../../subgraphs/police/database.js';
import { policeMigrations } from '../../subgraphs/police/migrations/index.js';
import { restoreTestDatabase, type TestDatabase } from '../support/databases.js';
import { type InProcessSubgraph, openInProcessKommun, openInProcessPolice } from '../support/in-process-subgraph.js';
import { previousLayoutDatabases, previousLayoutDump } from '../support/previous-layout.js';
import { bearer } from '../support/tokens.js';

// Databases made and edited by the previous layout's code (tests/fixtures/previous-layout/)
// start under today's code and keep their data: what was written reads back exactly as written.

const engines = [
  { engine: 'PGlite', embedded: true },
  ...(process.env.TEST_DATABASE_URL ? [{ engine: 'PostgreSQL', embedded: false }] : []),
];

/** Ids the previous code gave the records written into the fixtures. */
const written = {
  agreement: '2460-d212464d-e32b-472c-b866-696d1cf78883',
  draft: '2460-35547dc4-1771-4670-9eee-45b67785d252',
  draftCommitment: '2460-365d8257-7226-4b19-ab55-d0ecff7ca11a',
  followUp: '2460-95b52f61-9555-43a9-bcf1-e4ebdcae7ca6',
  measurement: '2460-bb3e8f0a-ce90-43a9-8651-be602f0f7fc3',
  situationPicture: '2460-a1345cd0-0ebe-4f43-b186-3068f6807ca2',
  policeActivity: 'polis-134b021e-e112-4d0b-a975-b92c5388bcd1',
};

const signatories = [
  { name: 'Åsa Öberg', title: 'Kommunstyrelsens ordförande', organisation: 'Vännäs kommun' },
  { name: 'Örjan Ängström', title: 'Lokalpolisområdeschef', organisation: 'Polisen' },
];
const draftTitle = 'Medborgarlöften för Vännäs 2026–2027: Ökad trygghet för äldre i Vännäsby';

/**
 * Every row of every table (Kysely's migration tables too), for telling whether anything changed;
 * with `columns`, only those tables and, of each, only those columns.
 */
async function everyRow(db: Kysely<any>, columns?: Record<string, string[]>) {
  const { rows: found } = await sql<{ tableName: string; columnName: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'
    order by table_name, ordinal_position`.execute(db);
  const tables: Record<string, string[]> = {};
  for (const { tableName, columnName } of found) {
    tables[tableName] = [...(tables[tableName] ?? []), columnName];
  }
  const rows: Record<string, string[]> = {};
  for (const [table, all] of Object.entries(columns ?? tables)) {
    const selected = columns ? all : tables[table]!;
    rows[table] = (
      await sql`select ${sql.join(selected.map((c) => sql.ref(c)))} from ${sql.table(table)}`.execute(db)
    ).rows
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return { rows, columns: tables };
}

/**
 * Opens a restored database as a subgraph would: reads every row the previous code wrote, then
 * migrates it, and returns those rows, their columns and the migrations applied.
 */
async function migrateAndRead(database: TestDatabase, migrations: typeof kommunMigrations) {
  const db = openDatabase<any>({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    const written = await everyRow(db);
    const previousMigrations = (await db.selectFrom('schemaMigration').select('name').execute()).map(
      (m) => m.name as string,
    );
    return { ...written, previousMigrations, applied: await migrateToLatest(db, migrations) };
  } finally {
    await db.destroy();
  }
}

describe.each(engines)('a database the previous layout made, on $engine', ({ embedded }) => {
  const vannas = findKommun('vannas');
  let kommunDatabase: TestDatabase;
  let policeDatabase: TestDatabase;
  let kommun: InProcessSubgraph<KommunDatabase>;
  let police: InProcessSubgraph<PoliceDatabase>;
  let before: {
    kommun: Awaited<ReturnType<typeof migrateAndRead>>;
    police: Awaited<ReturnType<typeof migrateAndRead>>;
  };
  let vannasEditor: Record<string, string>;
  let policeEditor: Record<string, string>;

  beforeAll(async () => {
    kommunDatabase = await restoreTestDatabase('previous_vannas', previousLayoutDump(previousLayoutDatabases.kommun), {
      embedded,
    });
    policeDatabase = await restoreTestDatabase('previous_police', previousLayoutDump(previousLayoutDatabases.police), {
      embedded,
    });
    before = {
      kommun: await migrateAndRead(kommunDatabase, kommunMigrations),
      police: await migrateAndRead(policeDatabase, policeMigrations),
    };
    kommun = await openInProcessKommun(vannas, { database: kommunDatabase });
    // The police's check of a commitment asks the in-process Vännäs as it asks a kommun over HTTP.
    police = await openInProcessPolice(
      commitmentCheckOverHttp({ vannas: 'http://vannas.invalid/graphql' }, subgraphSecretFromEnv(), {
        fetchKommun: kommun.fetch,
      }),
      { database: policeDatabase },
    );
    vannasEditor = await bearer('vannas');
    policeEditor = await bearer('polis-umea');
  });
  afterAll(async () => {
    await police?.stop();
    await kommun?.stop();
    await policeDatabase?.drop();
    await kommunDatabase?.drop();
  });

  // Asked as the gateway asks (signed), so entity requests reach the subgraphs as in the hub.
  async function ask(
    subgraph: Pick<InProcessSubgraph<unknown>, 'postSigned'>,
    query: string,
    headers: Record<string, string>,
    variables: Record<string, unknown> = {},
  ) {
    const { data, errors } = await subgraph.postSigned(query, variables, headers);
    expect(errors).toBeUndefined();
    return data!;
  }
  const askVannas = (query: string, variables?: Record<string, unknown>) => ask(kommun, query, vannasEditor, variables);
  const askPolice = (query: string, variables?: Record<string, unknown>) => ask(police, query, policeEditor, variables);
  const policeActivitiesOf = async (commitmentId: string) =>
    (
      await askPolice(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Commitment {
          policeActivities { id date kind place description commitmentId municipalityCode source { kind reference } } } } }`,
        { representations: [{ __typename: 'Commitment', id: commitmentId }] },
      )
    )._entities[0].policeActivities;

  it('migrates forward with exactly the migrations added since, and keeps every row the previous code wrote as written', async () => {
    expect(before.kommun.previousMigrations).toHaveLength(3);
    expect(before.kommun.applied).toEqual(
      Object.keys(kommunMigrations).filter((name) => !before.kommun.previousMigrations.includes(name)),
    );
    expect(before.police.applied).toEqual(
      Object.keys(policeMigrations).filter((name) => !before.police.previousMigrations.includes(name)),
    );
    expect(before.kommun.applied.length + before.police.applied.length).toBeGreaterThan(0);
    expect(before.kommun.rows.audit_entry).toHaveLength(7);
    // Every column the previous code had keeps its values in every row; the migrations' new
    // bookkeeping rows (schema_migration) stand beside them, and nothing else is added or removed.
    for (const [owner, db] of [
      ['kommun', kommun.db],
      ['police', police.db],
    ] as const) {
      const now = await everyRow(db, before[owner].columns);
      for (const [table, rows] of Object.entries(before[owner].rows)) {
        expect(now.rows[table], `${owner}.${table}`).toEqual(expect.arrayContaining(rows));
        if (table !== 'schema_migration') {
          expect(now.rows[table], `${owner}.${table}`).toHaveLength(rows.length);
        }
      }
    }
  });

  it('reads the draft promise back exactly as written, with its commitment, agreement, indicator and lägesbild', async () => {
    const { vannas: v } = await askVannas(
      `query ($id: ID!) { vannas { promise(id: $id) {
      id title summary status version period { start end } focusAreas signedOn signatories { name title organisation }
      internalNote source { kind reference } extends { id } collaborationAgreement { id } indicators { id } situationPictures { id }
      commitments { id text responsible otherParty target { text yearlyCount } version source { kind } indicators { id } activities { id } followUps { id } } } } }`,
      { id: written.draft },
    );
    expect(v.promise).toEqual({
      id: written.draft,
      title: draftTitle,
      summary: 'Trygghet för äldre, särskilt mot bedrägerier; grannsamverkan på Öre älvs strand.',
      status: 'DRAFT',
      version: 1,
      period: { start: '2026-01-01', end: '2027-12-31' },
      focusAreas: ['Bedrägerier mot äldre', 'Grannsamverkan'],
      signedOn: null,
      signatories,
      internalNote: 'Stäm av med kommunpolisen före publicering.',
      source: { kind: 'ENTERED', reference: null },
      extends: null,
      collaborationAgreement: { id: written.agreement },
      indicators: [{ id: '2460-ind-trygghet' }],
      situationPictures: [{ id: written.situationPicture }],
      commitments: [
        {
          id: written.draftCommitment,
          text: 'Informationsträffar om bedrägerier på träffpunkterna i Vännäs och Vännäsby',
          responsible: 'JOINT',
          otherParty: null,
          target: { text: 'Minst fyra träffar om året', yearlyCount: 4 },
          version: 1,
          source: { kind: 'ENTERED' },
          indicators: [{ id: '2460-ind-trygghet' }],
          activities: [],
          followUps: [],
        },
      ],
    });
  });

  it('reads the agreement’s jsonb goals, forums and signatories back exactly as written', async () => {
    const { vannas: v } = await askVannas(`{ vannas { collaborationAgreements {
      id title period { start end } parties focusAreas goals { text indicator { id } } forums { name participants frequency }
      coordinatingFunction followUpPlan signatories { name title organisation } promises { id } version source { kind } } } }`);
    expect(v.collaborationAgreements.map((a: { id: string }) => a.id)).toEqual([written.agreement, '2460-so-2023']);
    expect(v.collaborationAgreements[0]).toEqual({
      id: written.agreement,
      title: 'Samverkansöverenskommelse Vännäs 2026–2027',
      period: { start: '2026-01-01', end: '2027-12-31' },
      parties: ['Vännäs kommun', 'Lokalpolisområde Umeå'],
      focusAreas: ['Äldres trygghet', 'Trafik i Vännäsby'],
      goals: [
        { text: 'Fler äldre känner sig trygga i hemmet', indicator: { id: '2460-ind-trygghet' } },
        { text: 'Färre bedrägerier mot äldre', indicator: null },
      ],
      forums: [
        {
          name: 'Styrgrupp för trygghet',
          participants: 'Kommunchef och lokalpolisområdeschef',
          frequency: 'Två gånger om året',
        },
      ],
      coordinatingFunction: 'Folkhälsosamordnaren',
      followUpPlan: 'Årlig uppföljning i kommunstyrelsen; lägesbilden förnyas varje höst.',
      signatories: [signatories[0]],
      promises: [{ id: written.draft }],
      version: 1,
      source: { kind: 'ENTERED' },
    });
    expect(v.collaborationAgreements[1]).toMatchObject({
      title: 'Samverkansöverenskommelse mellan Vännäs kommun och Lokalpolisområde Umeå 2023–2025',
      promises: [{ id: '2460-ml-2023' }],
      version: 1,
      source: { kind: 'ILLUSTRATIVE' },
    });
  });

  it('reads the updated seed promise, the follow-up and the measurement back exactly as written, the seed beside them untouched', async () => {
    const { vannas: v } = await askVannas(`{ vannas {
      promise(id: "2460-ml-2023") { title summary status version internalNote source { kind }
        commitments { id text followUps { id date status note source { kind } } } }
      indicator(id: "2460-ind-trygghet") { name version baseline { value date } target { value date }
        measurements { id date value note source { kind } } } } }`);
    expect(v.promise).toMatchObject({
      title: 'Medborgarlöften för Vännäs 2023–2025',
      summary:
        'Uppdaterad: fem fokusområden; efter medborgardialogen 2022 läggs störst vikt vid trygghet på kvällar och helger.',
      status: 'COMPLETED',
      version: 2,
      internalNote: 'Ändrad efter styrgruppens möte i maj.',
      source: { kind: 'PUBLISHED' },
    });
    expect(v.promise.commitments.map((c: { text: string }) => c.text)).toEqual([
      'Platser som upplevs otrygga: genomföra trygghetsvandringar och åtgärda det som kommer fram.',
      'Trafiksäkerhet och störande motortrafik: trafikkontroller och dialog med unga bilförare.',
      'Alkohol och narkotika bland unga: föräldramöten och tidiga insatser tillsammans med skolan.',
      'Inbrott och bedrägerier: information till äldre om bedrägerier och om grannsamverkan.',
      'Våld i nära relationer: sprida kunskap om var den som utsätts kan få stöd.',
    ]);
    const seedNote = (text: string) => `Årets uppföljning: ${text} Illustrative seed data, not a published fact.`;
    expect(v.promise.commitments[0].followUps).toEqual([
      {
        id: '2460-ml-2023-c1-f2023',
        date: '2023-12-10',
        status: 'ON_TRACK',
        note: seedNote('arbetet pågår enligt plan.'),
        source: { kind: 'ILLUSTRATIVE' },
      },
      {
        id: '2460-ml-2023-c1-f2024',
        date: '2024-12-10',
        status: 'ON_TRACK',
        note: seedNote('arbetet pågår enligt plan.'),
        source: { kind: 'ILLUSTRATIVE' },
      },
      {
        id: '2460-ml-2023-c1-f2025',
        date: '2025-12-10',
        status: 'DONE',
        note: seedNote('åtagandet är genomfört.'),
        source: { kind: 'ILLUSTRATIVE' },
      },
      {
        id: written.followUp,
        date: '2026-06-30',
        status: 'ON_TRACK',
        note: 'Två trygghetsvandringar genomförda; belysningen vid gångtunneln under järnvägen är åtgärdad.',
        source: { kind: 'ENTERED' },
      },
    ]);
    expect(v.indicator).toEqual({
      name: 'Andel som känner sig trygga',
      version: 1,
      baseline: { value: 85, date: '2022-12-31' },
      target: { value: 90, date: '2025-12-31' },
      measurements: [
        {
          id: '2460-ind-trygghet-2022-12-31',
          date: '2022-12-31',
          value: 85,
          note: 'Trygghetsenkät 2022, omkring 200 svar.',
          source: { kind: 'PUBLISHED' },
        },
        {
          id: '2460-ind-trygghet-2024-12-31',
          date: '2024-12-31',
          value: 87,
          note: null,
          source: { kind: 'ILLUSTRATIVE' },
        },
        {
          id: written.measurement,
          date: '2025-12-31',
          value: 87.5,
          note: 'Lokal trygghetsenkät hösten 2025, 212 svar.',
          source: { kind: 'ENTERED' },
        },
      ],
    });
  });

  it('reads the lägesbild back exactly as written, after the seeded one', async () => {
    const { vannas: v } = await askVannas(`{ vannas { situationPictures {
      id date period { start end } title summary prioritisedProblems dataSources version source { kind } promises { id } } } }`);
    expect(v.situationPictures).toHaveLength(2);
    expect(v.situationPictures[0]).toEqual({
      id: written.situationPicture,
      date: '2026-03-01',
      period: { start: '2025-01-01', end: '2025-12-31' },
      title: 'Lägesbild Vännäs 2025',
      summary: 'Oro för bedrägerier mot äldre; skadegörelse vid resecentrum på helgkvällar.',
      prioritisedProblems: ['Bedrägerier mot äldre', 'Skadegörelse vid resecentrum'],
      dataSources: ['LOCAL_SURVEY', 'POLICE_REPORTS'],
      version: 1,
      source: { kind: 'ENTERED' },
      promises: [{ id: written.draft }],
    });
    expect(v.situationPictures[1]).toMatchObject({
      id: '2460-lb-2022',
      title: 'Gemensam lägesbild för Vännäs inför medborgarlöftena 2023',
      version: 1,
      promises: [{ id: '2460-ml-2023' }],
    });
  });

  it('keeps the kommun’s audit log of every change', async () => {
    const { vannas: v } = await askVannas(
      '{ vannas { auditLog { id subject organisation role action recordType recordId before after } } }',
    );
    expect(v.auditLog.map((e: Record<string, unknown>) => [e.id, e.action, e.recordType, e.recordId])).toEqual([
      ['7', 'recordSituationPicture', 'SituationPicture', written.situationPicture],
      ['6', 'recordMeasurement', 'Measurement', written.measurement],
      ['5', 'recordFollowUp', 'FollowUp', written.followUp],
      ['4', 'updatePromise', 'CitizenPromise', '2460-ml-2023'],
      ['3', 'addCommitment', 'Commitment', written.draftCommitment],
      ['2', 'createPromise', 'CitizenPromise', written.draft],
      ['1', 'createCollaborationAgreement', 'CollaborationAgreement', written.agreement],
    ]);
    for (const entry of v.auditLog)
      expect(entry).toMatchObject({ subject: 'editor@vannas', organisation: 'vannas', role: 'editor' });
    const byAction = Object.fromEntries(v.auditLog.map((e: { action: string }) => [e.action, e]));
    expect(byAction.createPromise.before).toBeNull();
    expect(byAction.createPromise.after).toMatchObject({
      title: draftTitle,
      summary: 'Trygghet för äldre, särskilt mot bedrägerier; grannsamverkan på Öre älvs strand.',
      signatories,
      indicatorIds: ['2460-ind-trygghet'],
    });
    expect(byAction.updatePromise.before).toMatchObject({ version: 1, internalNote: null });
    expect(byAction.updatePromise.after).toMatchObject({
      version: 2,
      internalNote: 'Ändrad efter styrgruppens möte i maj.',
    });
    expect(byAction.recordSituationPicture.after).toMatchObject({ informedPromiseIds: [written.draft] });
  });

  it('reads the police activity and the updated police lägesbild back exactly as written, with their audit entries', async () => {
    expect(await policeActivitiesOf('2460-ml-2023-c2')).toEqual([
      {
        id: 'polis-2460-ml-2023-c2-1',
        date: '2023-09-15',
        kind: 'TRAFFIC_OPERATION',
        place: 'Vännäsby',
        description:
          'Polisens insats för åtagandet: Trafiksäkerhet och störande motortrafik: trafikkontroller och dialog med unga bilförare.',
        commitmentId: '2460-ml-2023-c2',
        municipalityCode: '2460',
        source: { kind: 'ILLUSTRATIVE', reference: 'Illustrative seed data, not a published fact.' },
      },
      {
        id: written.policeActivity,
        date: '2026-05-20',
        kind: 'MOPED_CONTROL',
        place: 'Vännäsby, Skolvägen',
        description: 'Kontroll av mopeder och A-traktorer vid skolan; fem fordon kontrollerade, två förelägganden.',
        commitmentId: '2460-ml-2023-c2',
        municipalityCode: '2460',
        source: { kind: 'ENTERED', reference: null },
      },
    ]);
    const { localPoliceArea: area } = await askPolice(`{ localPoliceArea(id: "umea") { name
      situationPictures { id date period { start end } title summary prioritisedProblems dataSources version source { kind } }
      auditLog { id subject action recordType recordId before after } } }`);
    expect(area.name).toBe('Lokalpolisområde Umeå');
    expect(area.situationPictures).toEqual([
      {
        id: 'polis-lb-2022',
        date: '2022-10-01',
        period: { start: '2022-01-01', end: '2022-12-31' },
        title: 'Lägesbild Lokalpolisområde Umeå 2022 (reviderad)',
        summary: 'Reviderad sammanfattning: trafik, narkotika bland unga och bedrägerier mot äldre i hela området.',
        prioritisedProblems: ['Trafik', 'Narkotika bland unga', 'Bedrägerier mot äldre'],
        dataSources: ['REPORTED_CRIMES', 'POLICE_REPORTS'],
        version: 2,
        source: { kind: 'ILLUSTRATIVE' },
      },
    ]);
    expect(
      area.auditLog.map((e: Record<string, unknown>) => [e.id, e.subject, e.action, e.recordType, e.recordId]),
    ).toEqual([
      ['2', 'editor@polis-umea', 'updatePoliceSituationPicture', 'SituationPicture', 'polis-lb-2022'],
      ['1', 'editor@polis-umea', 'recordPoliceActivity', 'PoliceActivity', written.policeActivity],
    ]);
    expect(area.auditLog[0].before).toMatchObject({
      version: 1,
      title: 'Lägesbild för Lokalpolisområde Umeå inför medborgarlöftena 2023',
    });
  });

  it('takes a new write to a promise the previous code made, and audits it after the earlier entries', async () => {
    const title = 'Medborgarlöften för Vännäs 2026–2027: Ökad trygghet för äldre i Vännäsby och Tväråbäck';
    const { vannas: v } = await askVannas(
      `mutation ($id: ID!, $input: UpdatePromiseInput!) { vannas { updatePromise(id: $id, expectedVersion: 1, input: $input) {
        title version signatories { name title organisation } indicators { id } collaborationAgreement { id } } } }`,
      { id: written.draft, input: { title } },
    );
    expect(v.updatePromise).toEqual({
      title,
      version: 2,
      signatories,
      indicators: [{ id: '2460-ind-trygghet' }],
      collaborationAgreement: { id: written.agreement },
    });
    const { vannas: log } = await askVannas('{ vannas { auditLog(limit: 1) { id action recordId before after } } }');
    expect(log.auditLog).toEqual([
      expect.objectContaining({ id: '8', action: 'updatePromise', recordId: written.draft }),
    ]);
    expect(log.auditLog[0].before).toMatchObject({ title: draftTitle, version: 1 });
    expect(log.auditLog[0].after).toMatchObject({ title, version: 2, signatories });
  });

  it('takes a new police activity, checked with the kommun, and audits it after the earlier entries', async () => {
    const input = {
      commitmentId: '2460-ml-2023-c3',
      date: '2026-09-01',
      kind: 'SCHOOL_VISIT',
      place: 'Vännäs, Älvkullen',
      description: 'Föräldramöte om alkohol och droger; åk 8–9.',
    };
    const { recordPoliceActivity: created } = await askPolice(
      'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id } }',
      { input },
    );
    expect(await policeActivitiesOf('2460-ml-2023-c3')).toEqual([
      expect.objectContaining({ id: 'polis-2460-ml-2023-c3-1' }),
      { id: created.id, ...input, municipalityCode: '2460', source: { kind: 'ENTERED', reference: null } },
    ]);
    const { localPoliceArea: area } = await askPolice(
      '{ localPoliceArea(id: "umea") { auditLog(limit: 1) { id action recordId after } } }',
    );
    expect(area.auditLog).toEqual([
      {
        id: '3',
        action: 'recordPoliceActivity',
        recordId: created.id,
        after: expect.objectContaining({ ...input, kommunCode: '2460' }),
      },
    ]);
  });
});
