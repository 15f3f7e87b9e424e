import { afterAll, beforeAll, expect, it } from 'vitest';
import { type InProcessKommuner, openInProcessKommuner } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// One update style for every update: a field left out stays, null clears a field that may be
// empty, and null for a field that must have a value is BAD_USER_INPUT and changes nothing.
let kommuner: InProcessKommuner;
let vannas: Record<string, string>;
let police: Record<string, string>;
beforeAll(async () => {
  kommuner = await openInProcessKommuner(['umea', 'vannas'], { police: true });
  vannas = await bearer('vannas');
  police = await bearer('polis-umea');
});
afterAll(() => kommuner?.stop());

async function run(query: string, headers: Record<string, string>) {
  const response = await kommuner.post(query, {}, headers);
  expect(response.errors, query).toBeUndefined();
  return response.data!;
}

interface UpdateCase {
  mutation: string;
  /** Runs a mutation or query in the owner's root (`vannas { ... }`, or the police subgraph's root). */
  root: 'vannas' | null;
  headers: () => Record<string, string>;
  create: () => Promise<string>;
  /** The fields read back after each update, and where. */
  select: string;
  read: Reader;
  change: string;
  changed: Record<string, unknown>;
  clear?: { input: string; cleared: Record<string, unknown> };
  required: { input: string; field: string };
}

const inRoot = (root: 'vannas' | null, body: string) => (root ? `${root} { ${body} }` : body);
const pick = (data: Record<string, any>, root: 'vannas' | null) => (root ? data[root] : data);

/** Where a record is read: a field taking its id, or a list it is in (found by id). */
interface Reader {
  query: (id: string, select: string) => string;
  found: (data: Record<string, any>, id: string) => Record<string, unknown>;
}
const byId = (field: string): Reader => ({
  query: (id, select) => `${field}(id: "${id}") { ${select} }`,
  found: (data) => data[field],
});
const withoutId = ({ id: _id, ...record }: Record<string, unknown>) => record;
const inList = (field: string): Reader => ({
  query: (_id, select) => `${field}(includeWithdrawn: true) { id ${select} }`,
  found: (data, id) => withoutId(data[field].find((row: { id: string }) => row.id === id)),
});

const cases: Record<string, UpdateCase> = {
  updatePromise: {
    mutation: 'updatePromise',
    root: 'vannas',
    headers: () => vannas,
    create: async () =>
      (
        await run(
          'mutation { vannas { createPromise(input: { title: "Löfte för Västernäs", summary: "Första utkast.", period: { start: "2026-01-01", end: "2026-12-31" }, focusAreas: ["Trygghet"], internalNote: "Stäm av med kommunpolisen." }) { id } } }',
          vannas,
        )
      ).vannas.createPromise.id,
    select: 'title summary focusAreas internalNote period { start end } version',
    read: byId('promise'),
    change: '{ summary: "Andra utkastet, för Västernäs och Överklinten." }',
    changed: { summary: 'Andra utkastet, för Västernäs och Överklinten.' },
    clear: { input: '{ internalNote: null, focusAreas: null }', cleared: { internalNote: null, focusAreas: [] } },
    required: { input: '{ title: null }', field: 'input.title' },
  },
  updateCommitment: {
    mutation: 'updateCommitment',
    root: 'vannas',
    headers: () => vannas,
    create: async () => {
      const promise = (
        await run(
          'mutation { vannas { createPromise(input: { title: "Löfte med åtagande", summary: "Utkast.", period: { start: "2026-01-01", end: "2026-12-31" } }) { id } } }',
          vannas,
        )
      ).vannas.createPromise.id;
      return (
        await run(
          `mutation { vannas { addCommitment(promiseId: "${promise}", input: { text: "Trygghetsvandringar i Vännäsby.", responsible: JOINT, target: { text: "Minst två per år", yearlyCount: 2 } }) { id } } }`,
          vannas,
        )
      ).vannas.addCommitment.id;
    },
    select: 'text responsible otherParty target { text yearlyCount } version',
    read: byId('commitment'),
    change: '{ text: "Trygghetsvandringar i Vännäsby och Pengsjö." }',
    changed: { text: 'Trygghetsvandringar i Vännäsby och Pengsjö.' },
    clear: { input: '{ target: null }', cleared: { target: null } },
    required: { input: '{ responsible: null }', field: 'input.responsible' },
  },
  updateSituationPicture: {
    mutation: 'updateSituationPicture',
    root: 'vannas',
    headers: () => vannas,
    create: async () =>
      (
        await run(
          'mutation { vannas { recordSituationPicture(input: { date: "2026-02-01", period: { start: "2025-01-01", end: "2025-12-31" }, title: "Lägesbild 2026", summary: "Otrygghet på torget.", prioritisedProblems: ["Otrygghet"], dataSources: [LOCAL_SURVEY], informedPromiseIds: ["2460-ml-2023"] }) { id } } }',
          vannas,
        )
      ).vannas.recordSituationPicture.id,
    select: 'date title summary prioritisedProblems dataSources promises { id } version',
    read: inList('situationPictures'),
    change: '{ title: "Lägesbild 2026 för Vännäs och Vännäsby" }',
    changed: { title: 'Lägesbild 2026 för Vännäs och Vännäsby' },
    clear: { input: '{ informedPromiseIds: null }', cleared: { promises: [] } },
    required: { input: '{ summary: null }', field: 'input.summary' },
  },
  updateCitizenDialogue: {
    mutation: 'updateCitizenDialogue',
    root: 'vannas',
    headers: () => vannas,
    create: async () =>
      (
        await run(
          'mutation { vannas { recordCitizenDialogue(input: { title: "Trygghetsvandring på Vännäsby", method: SAFETY_WALK, period: { start: "2026-09-18", end: "2026-09-18" }, participantCount: 26, keyFindings: ["Mörkt vid busshållplatsen"] }) { id } } }',
          vannas,
        )
      ).vannas.recordCitizenDialogue.id,
    select: 'title method participantCount keyFindings period { start end } version',
    read: inList('citizenDialogues'),
    change: '{ participantCount: 31 }',
    changed: { participantCount: 31 },
    clear: {
      input: '{ participantCount: null, keyFindings: null }',
      cleared: { participantCount: null, keyFindings: [] },
    },
    required: { input: '{ method: null }', field: 'input.method' },
  },
  updateCollaborationAgreement: {
    mutation: 'updateCollaborationAgreement',
    root: 'vannas',
    headers: () => vannas,
    create: async () =>
      (
        await run(
          'mutation { vannas { createCollaborationAgreement(input: { title: "Överenskommelse för Vännäs", period: { start: "2026-01-01", end: "2027-12-31" }, parties: ["Vännäs kommun", "Lokalpolisområde Umeå"], focusAreas: ["Trygghet"], forums: [{ name: "Styrgrupp", participants: "Kommunchef och kommunpolis", frequency: "Fyra gånger per år" }], coordinatingFunction: "Folkhälsostrategen", followUpPlan: "Varje december." }) { id } } }',
          vannas,
        )
      ).vannas.createCollaborationAgreement.id,
    select: 'title parties focusAreas forums { name frequency } coordinatingFunction followUpPlan version',
    read: inList('collaborationAgreements'),
    change: '{ followUpPlan: "Varje juni och december, med återrapportering till kommunstyrelsen." }',
    changed: { followUpPlan: 'Varje juni och december, med återrapportering till kommunstyrelsen.' },
    clear: {
      input: '{ coordinatingFunction: null, forums: null }',
      cleared: { coordinatingFunction: null, forums: [] },
    },
    required: { input: '{ parties: null }', field: 'input.parties' },
  },
  updateIndicator: {
    mutation: 'updateIndicator',
    root: 'vannas',
    headers: () => vannas,
    create: async () =>
      (
        await run(
          'mutation { vannas { createIndicator(input: { name: "Otrygghet på Vännäsby torg", definition: "Andel (%).", unit: "%", dataSource: LOCAL_SURVEY, dataSourceDetail: "Trygghetsenkät", desiredDirection: DECREASE, baseline: { value: 31.5, date: "2024-12-31" }, target: { value: 25, date: "2027-12-31" } }) { id } } }',
          vannas,
        )
      ).vannas.createIndicator.id,
    select: 'name unit dataSourceDetail baseline { value date } target { value date } version',
    read: byId('indicator'),
    change: '{ name: "Otrygghet på Vännäsby torg och i Vännäs centrum" }',
    changed: { name: 'Otrygghet på Vännäsby torg och i Vännäs centrum' },
    clear: { input: '{ target: null, dataSourceDetail: null }', cleared: { target: null, dataSourceDetail: null } },
    required: { input: '{ name: null }', field: 'input.name' },
  },
  updatePoliceSituationPicture: {
    mutation: 'updatePoliceSituationPicture',
    root: null,
    headers: () => police,
    create: async () =>
      (
        await run(
          'mutation { recordPoliceSituationPicture(input: { date: "2026-02-01", period: { start: "2025-01-01", end: "2025-12-31" }, title: "Polisens lägesbild 2026", summary: "Trafik och narkotika.", prioritisedProblems: ["Trafik"], dataSources: [POLICE_REPORTS] }) { id } }',
          police,
        )
      ).recordPoliceSituationPicture.id,
    select: 'title summary prioritisedProblems dataSources version',
    read: {
      query: (_id, select) => `localPoliceArea(id: "umea") { situationPictures { id ${select} } }`,
      found: (data, id) =>
        withoutId(data.localPoliceArea.situationPictures.find((row: { id: string }) => row.id === id)),
    },
    change: '{ summary: "Trafik, narkotika och störande motortrafik i Överboda." }',
    changed: { summary: 'Trafik, narkotika och störande motortrafik i Överboda.' },
    required: { input: '{ dataSources: null }', field: 'input.dataSources' },
  },
};

/** Reads a record's selected fields as its owner sees them. */
async function readRecord(spec: UpdateCase, id: string): Promise<Record<string, unknown>> {
  const data = await run(`{ ${inRoot(spec.root, spec.read.query(id, spec.select))} }`, spec.headers());
  return spec.read.found(pick(data, spec.root), id);
}

it.each(Object.keys(cases))(
  '%s patches: left out stays, null clears what may be empty, null for a required field is BAD_USER_INPUT',
  async (name) => {
    const spec = cases[name]!;
    const id = await spec.create();
    const update = (input: string, version: number) =>
      `mutation { ${inRoot(spec.root, `${spec.mutation}(id: "${id}", expectedVersion: ${version}, input: ${input}) { id }`)} }`;

    const before = await readRecord(spec, id);
    expect(before.version).toBe(1);
    await run(update(spec.change, 1), spec.headers());
    const changed = await readRecord(spec, id);
    expect(changed).toEqual({ ...before, ...spec.changed, version: 2 });

    let version = 2;
    if (spec.clear) {
      await run(update(spec.clear.input, 2), spec.headers());
      const cleared = await readRecord(spec, id);
      expect(cleared).toEqual({ ...changed, ...spec.clear.cleared, version: 3 });
      version = 3;
    }

    const snapshot = await kommuner.snapshot();
    const refused = await kommuner.post(update(spec.required.input, version), {}, spec.headers());
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: spec.required.field });
    expect(await kommuner.snapshot()).toEqual(snapshot);
    expect((await readRecord(spec, id)).version).toBe(version);
  },
);
