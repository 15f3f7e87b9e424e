import { afterAll, beforeAll, expect, it } from 'vitest';
import { postGraphQL } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// Bad input gets BAD_USER_INPUT naming what was wrong, and nothing is written.
let hub: TestHub;
let umeaEditor: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub();
  umeaEditor = await bearer('umea');
});
afterAll(() => hub?.stop());

const createPromise = 'mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id } } }';
const validPromise = {
  title: 'Medborgarlöften för Umeå 2027–2028',
  summary: 'Nya löften.',
  period: { start: '2027-01-01', end: '2028-12-31' },
};

const cases: { label: string; query: string; variables: Record<string, unknown>; field: string }[] = [
  {
    label: 'reversed period',
    query: createPromise,
    variables: { input: { ...validPromise, period: { start: '2028-12-31', end: '2027-01-01' } } },
    field: 'input.period',
  },
  {
    label: 'empty title',
    query: createPromise,
    variables: { input: { ...validPromise, title: '   ' } },
    field: 'input.title',
  },
  {
    label: '100 000-character summary',
    query: createPromise,
    variables: { input: { ...validPromise, summary: 'å'.repeat(100_000) } },
    field: 'input.summary',
  },
  {
    label: 'empty focus area',
    query: createPromise,
    variables: { input: { ...validPromise, focusAreas: ['Trafik', ''] } },
    field: 'input.focusAreas[1]',
  },
  {
    label: 'unknown enum',
    query:
      'mutation ($input: CommitmentInput!) { umea { addCommitment(promiseId: "2480-ml-2023", input: $input) { id } } }',
    variables: { input: { text: 'Åtagande', responsible: 'MAYOR' } },
    field: 'input.responsible',
  },
  {
    label: 'bad date',
    query: createPromise,
    variables: { input: { ...validPromise, period: { start: '2027-02-30', end: '2028-12-31' } } },
    field: 'input.period.start',
  },
  {
    label: 'date in the wrong format',
    query:
      'mutation ($input: FollowUpInput!) { umea { recordFollowUp(commitmentId: "2480-ml-2023-c1", input: $input) { id } } }',
    variables: { input: { date: '10/12/2026', status: 'DONE', note: 'Klart' } },
    field: 'input.date',
  },
  {
    label: 'OTHER without the other party',
    query:
      'mutation ($input: CommitmentInput!) { umea { addCommitment(promiseId: "2480-ml-2023", input: $input) { id } } }',
    variables: { input: { text: 'Åtagande', responsible: 'OTHER' } },
    field: 'input.otherParty',
  },
  {
    label: 'yearly count of zero',
    query:
      'mutation ($input: CommitmentInput!) { umea { addCommitment(promiseId: "2480-ml-2023", input: $input) { id } } }',
    variables: { input: { text: 'Åtagande', responsible: 'KOMMUN', target: { text: 'Noll', yearlyCount: 0 } } },
    field: 'input.target.yearlyCount',
  },
  {
    label: 'unknown promise',
    query:
      'mutation ($input: CommitmentInput!) { umea { addCommitment(promiseId: "2480-finns-inte", input: $input) { id } } }',
    variables: { input: { text: 'Åtagande', responsible: 'KOMMUN' } },
    field: 'promiseId',
  },
  {
    label: 'another kommun’s commitment',
    query:
      'mutation ($input: ActivityInput!) { umea { recordActivity(commitmentId: "2460-ml-2023-c1", input: $input) { id } } }',
    variables: { input: { date: '2026-05-01', kind: 'CAMPAIGN', place: 'Umeå', description: 'Kampanj' } },
    field: 'commitmentId',
  },
];

// What the promises stand on: the same rules, for every new kind of record.
const situationPicture =
  'mutation ($input: SituationPictureInput!) { umea { recordSituationPicture(input: $input) { id } } }';
const validPicture = {
  date: '2026-11-01',
  period: { start: '2025-01-01', end: '2026-10-31' },
  title: 'Lägesbild',
  summary: 'Sammanfattning.',
  prioritisedProblems: ['Trafik'],
  dataSources: ['NTU'],
};
const dialogue = 'mutation ($input: CitizenDialogueInput!) { umea { recordCitizenDialogue(input: $input) { id } } }';
const validDialogue = {
  title: 'Trygghetsvandring',
  method: 'SAFETY_WALK',
  period: { start: '2026-09-01', end: '2026-09-01' },
};
const agreement =
  'mutation ($input: CollaborationAgreementInput!) { umea { createCollaborationAgreement(input: $input) { id } } }';
const validAgreement = {
  title: 'Överenskommelse',
  period: { start: '2025-01-01', end: '2028-12-31' },
  parties: ['Umeå kommun', 'Lokalpolisområde Umeå'],
  followUpPlan: 'Varje år.',
};
const indicator = 'mutation ($input: IndicatorInput!) { umea { createIndicator(input: $input) { id } } }';
const validIndicator = {
  name: 'Otrygghet',
  definition: 'Andel (%).',
  unit: '%',
  dataSource: 'NTU',
  desiredDirection: 'DECREASE',
};
const measurement =
  'mutation ($id: ID!, $input: MeasurementInput!) { umea { recordMeasurement(indicatorId: $id, input: $input) { id } } }';

cases.push(
  {
    label: 'lägesbild: reversed period',
    query: situationPicture,
    variables: { input: { ...validPicture, period: { start: '2026-10-31', end: '2025-01-01' } } },
    field: 'input.period',
  },
  {
    label: 'lägesbild: no data source',
    query: situationPicture,
    variables: { input: { ...validPicture, dataSources: [] } },
    field: 'input.dataSources',
  },
  {
    label: 'lägesbild: 21 prioritised problems',
    query: situationPicture,
    variables: {
      input: { ...validPicture, prioritisedProblems: Array.from({ length: 21 }, (_, i) => `Problem ${i}`) },
    },
    field: 'input.prioritisedProblems',
  },
  {
    label: 'lägesbild: another kommun’s promise',
    query: situationPicture,
    variables: { input: { ...validPicture, informedPromiseIds: ['2480-ml-2023', '2460-ml-2023'] } },
    field: 'input.informedPromiseIds[1]',
  },
  {
    label: 'dialogue: negative participants',
    query: dialogue,
    variables: { input: { ...validDialogue, participantCount: -1 } },
    field: 'input.participantCount',
  },
  {
    label: 'dialogue: unknown method',
    query: dialogue,
    variables: { input: { ...validDialogue, method: 'REFERENDUM' } },
    field: 'input.method',
  },
  {
    label: 'dialogue: empty key finding',
    query: dialogue,
    variables: { input: { ...validDialogue, keyFindings: ['  '] } },
    field: 'input.keyFindings[0]',
  },
  {
    label: 'agreement: one party',
    query: agreement,
    variables: { input: { ...validAgreement, parties: ['Umeå kommun'] } },
    field: 'input.parties',
  },
  {
    label: 'agreement: goal measured by an unknown indicator',
    query: agreement,
    variables: { input: { ...validAgreement, goals: [{ text: 'Mål', indicatorId: '2480-finns-inte' }] } },
    field: 'input.goals[0].indicatorId',
  },
  {
    label: 'agreement: empty follow-up plan',
    query: agreement,
    variables: { input: { ...validAgreement, followUpPlan: '' } },
    field: 'input.followUpPlan',
  },
  {
    label: 'agreement: forum without frequency',
    query: agreement,
    variables: { input: { ...validAgreement, forums: [{ name: 'Umebrå', participants: 'Alla', frequency: ' ' }] } },
    field: 'input.forums[0].frequency',
  },
  {
    label: 'indicator: target before baseline',
    query: indicator,
    variables: {
      input: {
        ...validIndicator,
        baseline: { value: 28, date: '2024-12-31' },
        target: { value: 24, date: '2023-12-31' },
      },
    },
    field: 'input.target.date',
  },
  {
    label: 'indicator: empty unit',
    query: indicator,
    variables: { input: { ...validIndicator, unit: '' } },
    field: 'input.unit',
  },
  {
    label: 'indicator: unknown direction',
    query: indicator,
    variables: { input: { ...validIndicator, desiredDirection: 'SIDEWAYS' } },
    field: 'input.desiredDirection',
  },
  {
    label: 'measurement: unknown indicator',
    query: measurement,
    variables: { id: '2480-finns-inte', input: { date: '2026-01-01', value: 1 } },
    field: 'indicatorId',
  },
  {
    label: 'measurement: a date already measured',
    query: measurement,
    variables: { id: '2480-ind-otrygghet', input: { date: '2024-12-31', value: 1 } },
    field: 'input.date',
  },
  {
    label: 'measurement: not a number',
    query: measurement,
    variables: { id: '2480-ind-otrygghet', input: { date: '2026-01-01', value: 'många' } },
    field: 'input.value',
  },
  {
    label: 'promise: another kommun’s agreement',
    query:
      'mutation { umea { updatePromise(id: "2480-ml-2023", expectedVersion: 1, input: { collaborationAgreementId: "2460-so-2023" }) { id } } }',
    variables: {},
    field: 'input.collaborationAgreementId',
  },
  {
    label: 'promise: an empty agreement id',
    query:
      'mutation { umea { updatePromise(id: "2480-ml-2023", expectedVersion: 1, input: { collaborationAgreementId: "" }) { id } } }',
    variables: {},
    field: 'input.collaborationAgreementId',
  },
  {
    label: 'lägesbild: a promise listed twice',
    query: situationPicture,
    variables: { input: { ...validPicture, informedPromiseIds: ['2480-ml-2023', '2480-ml-2021', '2480-ml-2023'] } },
    field: 'input.informedPromiseIds[2]',
  },
  {
    label: 'agreement: the same party twice',
    query: agreement,
    variables: { input: { ...validAgreement, parties: ['Umeå kommun', 'umeå kommun'] } },
    field: 'input.parties',
  },
  {
    label: 'agreement: a NUL character',
    query: agreement,
    variables: { input: { ...validAgreement, title: 'Överens\u0000kommelse' } },
    field: 'input.title',
  },
  {
    label: 'commitment: unknown indicator',
    query:
      'mutation ($input: CommitmentInput!) { umea { addCommitment(promiseId: "2480-ml-2023", input: $input) { id } } }',
    variables: {
      input: { text: 'Åtagande', responsible: 'KOMMUN', indicatorIds: ['2480-ind-otrygghet', '2480-finns-inte'] },
    },
    field: 'input.indicatorIds[1]',
  },
);

it.each(cases)('$label → BAD_USER_INPUT naming $field, nothing written', async ({ query, variables, field }) => {
  const before = await databaseSnapshot(hub);
  for (const url of [hub.gateway.url, hub.kommun('umea').url]) {
    const { data, errors } = await postGraphQL(url, query, variables, umeaEditor);
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    const [error] = errors!;
    expect(error!.extensions!.code).toBe('BAD_USER_INPUT');
    // Errors from our validation carry the field; the GraphQL layer names it in the message.
    expect(error!.extensions!.field ?? error!.message).toContain(field);
  }
  expect(await databaseSnapshot(hub)).toEqual(before);
});

it('the police’s inputs are validated the same way', async () => {
  const before = await databaseSnapshot(hub);
  const { errors } = await postGraphQL(
    hub.gateway.url,
    'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id } }',
    {
      input: {
        commitmentId: '2480-ml-2023-c7',
        date: '2026-05-01',
        kind: 'MOPED_CONTROL',
        place: '',
        description: 'Kontroll',
      },
    },
    await bearer('polis-umea'),
  );
  expect(errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.place',
    serviceName: 'polis-umea',
  });
  const picture = await postGraphQL(
    hub.gateway.url,
    'mutation ($input: PoliceSituationPictureInput!) { recordPoliceSituationPicture(input: $input) { id } }',
    {
      input: {
        date: '2026-11-01',
        period: { start: '2025-01-01', end: '2026-10-31' },
        title: 'Lägesbild',
        summary: ' ',
        prioritisedProblems: [],
        dataSources: ['POLICE_REPORTS'],
      },
    },
    await bearer('polis-umea'),
  );
  expect(picture.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.summary',
    serviceName: 'polis-umea',
  });
  expect(await databaseSnapshot(hub)).toEqual(before);
});

it('a valid input with å, ä and ö round-trips exactly', async () => {
  const title = 'Trygghet i Ålidhem, Ängsbacka och Östteg – 2027';
  const { data, errors } = await postGraphQL(
    hub.gateway.url,
    'mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id title focusAreas } } }',
    { input: { ...validPromise, title, focusAreas: ['Våld i nära relationer', 'Motorburna unga'] } },
    umeaEditor,
  );
  expect(errors).toBeUndefined();
  expect(data!.umea.createPromise).toMatchObject({ title, focusAreas: ['Våld i nära relationer', 'Motorburna unga'] });
  const stored = (await hub.kommun('umea').running!.db) as any;
  const row = await stored
    .selectFrom('citizenPromise')
    .select(['title'])
    .where('id', '=', data!.umea.createPromise.id)
    .executeTakeFirst();
  expect(row.title).toBe(title);
});
