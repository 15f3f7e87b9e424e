import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInSweden } from '../../domain/dates.js';
import { type GraphQLResponse, postGraphQL } from '../support/graphql.js';
import { type InProcessKommuner, openInProcessKommuner } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// A kommun editor records what its promises stand on, and the police area its own lägesbild:
// every write through the gateway, versioned, audited, and visible where a reader looks for it.
let kommuner: InProcessKommuner;
let editor: Record<string, string>;
let policeEditor: Record<string, string>;
beforeAll(async () => {
  kommuner = await openInProcessKommuner(['umea', 'vannas'], { police: true });
  editor = await bearer('vannas');
  policeEditor = await bearer('polis-umea');
});
afterAll(() => kommuner?.stop());

async function write(query: string, variables: Record<string, unknown>, headers = editor) {
  const response = await kommuner.post(query, variables, headers);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const today = todayInSweden();
const nextYear = `${Number(today.slice(0, 4)) + 1}-12-31`;
// An agreement and promise in force today, whenever the test runs.
const current = { start: `${today.slice(0, 4)}-01-01`, end: nextYear };
const ids: Record<string, string> = {};

describe('a kommun editor records what its promises stand on', () => {
  it('creates an indicator with å, ä and ö, and records its measurements', async () => {
    const { vannas } = await write(
      `mutation ($input: IndicatorInput!) { vannas { createIndicator(input: $input) {
        id name definition unit dataSource dataSourceDetail desiredDirection baseline { value date } target { value date } version source { kind } } } }`,
      {
        input: {
          name: 'Otrygghet på Vännäsby torg',
          definition: 'Andel (%) som undviker torget på kvällen av oro för att utsättas för brott.',
          unit: '%',
          dataSource: 'LOCAL_SURVEY',
          dataSourceDetail: 'Trygghetsenkät, Vännäs kommun',
          desiredDirection: 'DECREASE',
          baseline: { value: 31.5, date: '2024-12-31' },
          target: { value: 25, date: nextYear },
        },
      },
    );
    expect(vannas.createIndicator).toMatchObject({
      name: 'Otrygghet på Vännäsby torg',
      dataSourceDetail: 'Trygghetsenkät, Vännäs kommun',
      baseline: { value: 31.5, date: '2024-12-31' },
      target: { value: 25, date: nextYear },
      version: 1,
      source: { kind: 'ENTERED' },
    });
    expect(vannas.createIndicator.id).toMatch(/^2460-/);
    ids.indicator = vannas.createIndicator.id;

    for (const [date, value] of [
      ['2025-12-31', 29.2],
      [today, 26],
    ] as const) {
      await write(
        'mutation ($id: ID!, $input: MeasurementInput!) { vannas { recordMeasurement(indicatorId: $id, input: $input) { id } } }',
        {
          id: ids.indicator,
          input: { date, value, note: 'Mätt i Vännäsby' },
        },
      );
    }
    const { data } = await kommuner.post(
      `{ vannas { indicator(id: "${ids.indicator}") { measurements { date value note } trend { changeFromBaseline direction targetReached } } } }`,
    );
    expect(data!.vannas.indicator).toEqual({
      measurements: [
        { date: '2025-12-31', value: 29.2, note: 'Mätt i Vännäsby' },
        { date: today, value: 26, note: 'Mätt i Vännäsby' },
      ],
      trend: { changeFromBaseline: -5.5, direction: 'IMPROVING', targetReached: false },
    });
  });

  it('records a lägesbild and a medborgardialog that informed a promise', async () => {
    const picture = await write(
      `mutation ($input: SituationPictureInput!) { vannas { recordSituationPicture(input: $input) {
        id date period { start end } title summary prioritisedProblems dataSources version promises { id } } } }`,
      {
        input: {
          date: '2025-11-20',
          period: { start: '2024-01-01', end: '2025-10-31' },
          title: 'Lägesbild för Vännäs 2025',
          summary: 'Störande motortrafik i centrum och oro för bedrägerier mot äldre.',
          prioritisedProblems: ['Störande motortrafik', 'Bedrägerier mot äldre'],
          dataSources: ['REPORTED_CRIMES', 'LOCAL_SURVEY', 'REPORTED_CRIMES'],
          informedPromiseIds: ['2460-ml-2023'],
        },
      },
    );
    expect(picture.vannas.recordSituationPicture).toMatchObject({
      title: 'Lägesbild för Vännäs 2025',
      dataSources: ['REPORTED_CRIMES', 'LOCAL_SURVEY'],
      version: 1,
      promises: [{ id: '2460-ml-2023' }],
    });
    ids.situationPicture = picture.vannas.recordSituationPicture.id;

    const dialogue = await write(
      `mutation ($input: CitizenDialogueInput!) { vannas { recordCitizenDialogue(input: $input) {
        id title method period { start end } participantCount keyFindings version promises { id } } } }`,
      {
        input: {
          title: 'Trygghetsvandring på Vännäsby',
          method: 'SAFETY_WALK',
          period: { start: '2025-09-18', end: '2025-09-18' },
          participantCount: 24,
          keyFindings: ['Belysningen vid gångtunneln är trasig.', 'Buskage skymmer sikten vid skolan.'],
          informedPromiseIds: ['2460-ml-2023'],
        },
      },
    );
    expect(dialogue.vannas.recordCitizenDialogue).toMatchObject({
      method: 'SAFETY_WALK',
      participantCount: 24,
      version: 1,
      promises: [{ id: '2460-ml-2023' }],
    });
    ids.dialogue = dialogue.vannas.recordCitizenDialogue.id;

    const { data } = await kommuner.post(
      '{ vannas { latestSituationPicture { id } promise(id: "2460-ml-2023") { situationPictures { id } citizenDialogues { id } } } }',
    );
    expect(data!.vannas.latestSituationPicture).toEqual({ id: ids.situationPicture });
    expect(data!.vannas.promise.situationPictures).toEqual([{ id: ids.situationPicture }, { id: '2460-lb-2022' }]);
    expect(data!.vannas.promise.citizenDialogues).toEqual([{ id: ids.dialogue }, { id: '2460-md-2022' }]);
  });

  it('makes a collaboration agreement in force today, whose public part a new promise is, followed by the indicator', async () => {
    const created = await write(
      `mutation ($input: CollaborationAgreementInput!) { vannas { createCollaborationAgreement(input: $input) {
        id title parties focusAreas goals { text indicator { id } } forums { name participants frequency } coordinatingFunction followUpPlan
        signatories { name title organisation } version } } }`,
      {
        input: {
          title: 'Samverkansöverenskommelse för Vännäs',
          period: current,
          parties: ['Vännäs kommun', 'Lokalpolisområde Umeå'],
          focusAreas: ['Störande motortrafik'],
          goals: [{ text: 'Färre som undviker torget på kvällen.', indicatorId: ids.indicator }],
          forums: [
            {
              name: 'Styrgrupp',
              participants: 'Kommundirektör och lokalpolisområdeschef',
              frequency: 'Två gånger per år',
            },
          ],
          coordinatingFunction: 'Trygghetssamordnaren',
          followUpPlan: 'Uppföljning varje december.',
          signatories: [{ name: 'Åsa Ödmark', title: 'Kommunstyrelsens ordförande', organisation: 'Vännäs kommun' }],
        },
      },
    );
    const agreement = created.vannas.createCollaborationAgreement;
    expect(agreement).toMatchObject({
      goals: [{ text: 'Färre som undviker torget på kvällen.', indicator: { id: ids.indicator } }],
      forums: [
        { name: 'Styrgrupp', participants: 'Kommundirektör och lokalpolisområdeschef', frequency: 'Två gånger per år' },
      ],
      signatories: [{ name: 'Åsa Ödmark', title: 'Kommunstyrelsens ordförande', organisation: 'Vännäs kommun' }],
      version: 1,
    });
    ids.agreement = agreement.id;

    const promise = await write(
      `mutation ($input: CreatePromiseInput!) { vannas { createPromise(input: $input) { id collaborationAgreement { id } indicators { id } } } }`,
      {
        input: {
          title: 'Medborgarlöften för Vännäs',
          summary: 'Tryggare torg.',
          period: current,
          collaborationAgreementId: ids.agreement,
          indicatorIds: [ids.indicator],
        },
      },
    );
    expect(promise.vannas.createPromise).toMatchObject({
      collaborationAgreement: { id: ids.agreement },
      indicators: [{ id: ids.indicator }],
    });
    ids.promise = promise.vannas.createPromise.id;
    const commitment = await write(
      `mutation ($promiseId: ID!, $input: CommitmentInput!) { vannas { addCommitment(promiseId: $promiseId, input: $input) { id indicators { id } } } }`,
      {
        promiseId: ids.promise,
        input: { text: 'Bättre belysning på torget.', responsible: 'KOMMUN', indicatorIds: [ids.indicator] },
      },
    );
    expect(commitment.vannas.addCommitment.indicators).toEqual([{ id: ids.indicator }]);

    // The draft is the owner's until published: the public sees the agreement but not the promise.
    const query = '{ vannas { currentCollaborationAgreement { id promises { id } } } }';
    expect((await kommuner.post(query)).data!.vannas.currentCollaborationAgreement).toEqual({
      id: ids.agreement,
      promises: [],
    });
    expect((await kommuner.post(query, {}, editor)).data!.vannas.currentCollaborationAgreement).toEqual({
      id: ids.agreement,
      promises: [{ id: ids.promise }],
    });

    // Unlinking the agreement (null) and replacing the indicators ([]) on update.
    const updated = await write(
      `mutation { vannas { updatePromise(id: "${ids.promise}", expectedVersion: 1, input: { collaborationAgreementId: null, indicatorIds: [] }) { collaborationAgreement { id } indicators { id } version } } }`,
      {},
    );
    expect(updated.vannas.updatePromise).toEqual({ collaborationAgreement: null, indicators: [], version: 2 });
  });

  it('updates each record at the version it read; a stale version gets CONFLICT and changes nothing', async () => {
    const updates = [
      {
        name: 'updateSituationPicture',
        id: () => ids.situationPicture!,
        input: 'UpdateSituationPictureInput',
        value: {
          date: '2025-11-21',
          period: { start: '2024-01-01', end: '2025-10-31' },
          title: 'Lägesbild för Vännäs 2025, reviderad',
          summary: 'Reviderad.',
          prioritisedProblems: ['Störande motortrafik'],
          dataSources: ['REPORTED_CRIMES'],
        },
      },
      {
        name: 'updateCitizenDialogue',
        id: () => ids.dialogue!,
        input: 'UpdateCitizenDialogueInput',
        value: {
          title: 'Trygghetsvandring på Vännäsby',
          method: 'SAFETY_WALK',
          period: { start: '2025-09-18', end: '2025-09-18' },
          participantCount: 26,
        },
      },
      {
        name: 'updateCollaborationAgreement',
        id: () => ids.agreement!,
        input: 'UpdateCollaborationAgreementInput',
        value: {
          title: 'Samverkansöverenskommelse för Vännäs',
          period: current,
          parties: ['Vännäs kommun', 'Lokalpolisområde Umeå'],
          followUpPlan: 'Uppföljning varje juni och december.',
          goals: null,
        },
      },
      {
        name: 'updateIndicator',
        id: () => ids.indicator!,
        input: 'UpdateIndicatorInput',
        value: {
          name: 'Otrygghet på Vännäsby torg',
          definition: 'Andel (%) som undviker torget på kvällen.',
          unit: '%',
          dataSource: 'LOCAL_SURVEY',
          desiredDirection: 'DECREASE',
          baseline: { value: 31.5, date: '2024-12-31' },
          target: null,
          dataSourceDetail: null,
        },
      },
    ];
    for (const update of updates) {
      const mutation = `mutation ($id: ID!, $version: Int!, $input: ${update.input}!) { vannas { ${update.name}(id: $id, expectedVersion: $version, input: $input) { id version } } }`;
      const done = await write(mutation, { id: update.id(), version: 1, input: update.value });
      expect(done.vannas[update.name], update.name).toEqual({ id: update.id(), version: 2 });

      const before = await kommuner.snapshot();
      const stale: GraphQLResponse = await kommuner.post(
        mutation,
        { id: update.id(), version: 1, input: update.value },
        editor,
      );
      expect(stale.data ?? null).toBeNull();
      expect(stale.errors?.[0]?.extensions, update.name).toMatchObject({
        code: 'CONFLICT',
        currentVersion: 2,
        // The gateway adds serviceName to a kommun's CONFLICT: tests/hub/writes.test.ts holds that.
      });
      expect(await kommuner.snapshot()).toEqual(before);
    }
    // Read as the owner: the indicator is tied to the draft promise's commitment only, so hidden from the public.
    const { data } = await kommuner.post(
      `{ vannas { indicator(id: "${ids.indicator}") { target { value } dataSourceDetail } collaborationAgreements { id followUpPlan goals { text } } } }`,
      {},
      editor,
    );
    // An update patches: null clears what may be empty.
    expect(data!.vannas.indicator).toEqual({ target: null, dataSourceDetail: null });
    expect(data!.vannas.collaborationAgreements[0]).toEqual({
      id: ids.agreement,
      followUpPlan: 'Uppföljning varje juni och december.',
      goals: [],
    });
  });

  it('every change is in the kommun’s audit log, with the links before and after', async () => {
    const { data } = await kommuner.post(
      '{ vannas { auditLog(limit: 500) { subject organisation action recordType recordId before after } } }',
      {},
      editor,
    );
    const log = data!.vannas.auditLog.slice().reverse();
    expect(log.map((e: any) => [e.action, e.recordType])).toEqual([
      ['createIndicator', 'Indicator'],
      ['recordMeasurement', 'Measurement'],
      ['recordMeasurement', 'Measurement'],
      ['recordSituationPicture', 'SituationPicture'],
      ['recordCitizenDialogue', 'CitizenDialogue'],
      ['createCollaborationAgreement', 'CollaborationAgreement'],
      ['createPromise', 'CitizenPromise'],
      ['addCommitment', 'Commitment'],
      ['updatePromise', 'CitizenPromise'],
      ['updateSituationPicture', 'SituationPicture'],
      ['updateCitizenDialogue', 'CitizenDialogue'],
      ['updateCollaborationAgreement', 'CollaborationAgreement'],
      ['updateIndicator', 'Indicator'],
    ]);
    for (const entry of log) expect(entry).toMatchObject({ subject: 'editor@vannas', organisation: 'vannas' });
    const byAction = (action: string) => log.find((e: any) => e.action === action);
    expect(byAction('recordSituationPicture')).toMatchObject({
      recordId: ids.situationPicture,
      before: null,
      after: { title: 'Lägesbild för Vännäs 2025', informedPromiseIds: ['2460-ml-2023'] },
    });
    expect(byAction('updateSituationPicture')).toMatchObject({
      before: { version: 1, title: 'Lägesbild för Vännäs 2025', informedPromiseIds: ['2460-ml-2023'] },
      after: { version: 2, title: 'Lägesbild för Vännäs 2025, reviderad', informedPromiseIds: ['2460-ml-2023'] },
    });
    expect(byAction('updatePromise')).toMatchObject({
      before: { agreementId: ids.agreement, indicatorIds: [ids.indicator] },
      after: { agreementId: null, indicatorIds: [] },
    });
    expect(byAction('updateCollaborationAgreement').before.goals).toEqual([
      { text: 'Färre som undviker torget på kvällen.', indicatorId: ids.indicator },
    ]);
  });

  it('10 concurrent updates of one indicator at the same version: exactly one succeeds', async () => {
    const mutation = `mutation { vannas { updateIndicator(id: "${ids.indicator}", expectedVersion: 2, input: {
      name: "Otrygghet på torget", definition: "Andel (%).", unit: "%", dataSource: LOCAL_SURVEY, desiredDirection: DECREASE,
      baseline: { value: 31.5, date: "2024-12-31" }, target: { value: 25, date: "2030-12-31" } }) { version } } }`;
    const results = await Promise.all(Array.from({ length: 10 }, () => kommuner.post(mutation, {}, editor)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(9);
  });
});

describe('the police area records its own lägesbild', () => {
  it('records and updates it, audited in the police database; the kommun cannot', async () => {
    const input = {
      date: '2025-11-30',
      period: { start: '2024-01-01', end: '2025-10-31' },
      title: 'Lägesbild för Lokalpolisområde Umeå 2025',
      summary: 'Trafiksäkerhet och narkotika bland unga är fortsatt prioriterade. Inga underrättelseuppgifter.',
      prioritisedProblems: ['Trafiksäkerhet', 'Narkotika bland unga'],
      dataSources: ['REPORTED_CRIMES', 'POLICE_REPORTS'],
    };
    const created = await write(
      'mutation ($input: PoliceSituationPictureInput!) { recordPoliceSituationPicture(input: $input) { id title version } }',
      { input },
      policeEditor,
    );
    const id = created.recordPoliceSituationPicture.id;
    expect(created.recordPoliceSituationPicture).toMatchObject({ title: input.title, version: 1 });
    const updated = await write(
      'mutation ($id: ID!, $input: UpdatePoliceSituationPictureInput!) { updatePoliceSituationPicture(id: $id, expectedVersion: 1, input: $input) { version summary } }',
      { id, input: { ...input, summary: 'Reviderad sammanfattning.' } },
      policeEditor,
    );
    expect(updated.updatePoliceSituationPicture).toEqual({ version: 2, summary: 'Reviderad sammanfattning.' });

    const { data } = await kommuner.post(
      '{ localPoliceArea(id: "umea") { latestSituationPicture { id version } situationPictures { id } auditLog { action recordType recordId } } }',
      {},
      policeEditor,
    );
    expect(data!.localPoliceArea.latestSituationPicture).toEqual({ id, version: 2 });
    expect(data!.localPoliceArea.situationPictures).toEqual([{ id }, { id: 'polis-lb-2022' }]);
    expect(data!.localPoliceArea.auditLog).toEqual([
      { action: 'updatePoliceSituationPicture', recordType: 'SituationPicture', recordId: id },
      { action: 'recordPoliceSituationPicture', recordType: 'SituationPicture', recordId: id },
    ]);

    const refused = await kommuner.post(
      'mutation ($input: PoliceSituationPictureInput!) { recordPoliceSituationPicture(input: $input) { id } }',
      { input },
      editor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
