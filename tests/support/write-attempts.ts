import { expect } from 'vitest';
import { municipalityRootField, region } from '../../domain/region.js';
import type { GraphQLResponse } from './graphql.js';

// The writes of each party, tried by the ownership tests: tests/subgraph/ownership.test.ts (each
// owning subgraph, called directly) and tests/hub/ownership.test.ts (through the gateway).

export interface WriteAttempt {
  owner: string;
  label: string;
  query: string;
}

/** One attempt at each kind of write a party owns. */
export function writesOwnedBy(owner: string): WriteAttempt[] {
  if (owner === region.policeArea.slug) {
    return [
      {
        owner,
        label: 'recordPoliceActivity',
        query:
          'mutation { recordPoliceActivity(input: { commitmentId: "2480-ml-2023-c7", date: "2026-05-01", kind: MOPED_CONTROL, place: "Ersboda", description: "Kontroll" }) { id } }',
      },
      {
        owner,
        label: 'recordPoliceSituationPicture',
        query: `mutation { recordPoliceSituationPicture(input: ${picture}) { id } }`,
      },
      {
        owner,
        label: 'updatePoliceSituationPicture',
        query: `mutation { updatePoliceSituationPicture(id: "polis-lb-2022", expectedVersion: 1, input: ${picture}) { id } }`,
      },
    ];
  }
  const kommun = region.kommuner.find((k) => k.slug === owner)!;
  const root = municipalityRootField(kommun);
  const promiseId = `${kommun.code}-ml-2023`;
  const commitmentId = `${promiseId}-c1`;
  return [
    {
      owner,
      label: 'createPromise',
      query: `mutation { ${root} { createPromise(input: { title: "Kapat", summary: "Kapat", period: { start: "2026-01-01", end: "2026-12-31" } }) { id } } }`,
    },
    {
      owner,
      label: 'updatePromise',
      query: `mutation { ${root} { updatePromise(id: "${promiseId}", expectedVersion: 1, input: { title: "Kapat" }) { id } } }`,
    },
    {
      owner,
      label: 'addCommitment',
      query: `mutation { ${root} { addCommitment(promiseId: "${promiseId}", input: { text: "Kapat", responsible: KOMMUN }) { id } } }`,
    },
    {
      owner,
      label: 'recordFollowUp',
      query: `mutation { ${root} { recordFollowUp(commitmentId: "${commitmentId}", input: { date: "2026-12-10", status: DONE, note: "Kapat" }) { id } } }`,
    },
    {
      owner,
      label: 'extendPromise',
      query: `mutation { ${root} { extendPromise(id: "${promiseId}", input: { title: "Kapat", period: { start: "2026-01-01", end: "2026-12-31" } }) { id } } }`,
    },
    ...foundationWrites(kommun.code, root).map((write) => ({ owner, ...write })),
    {
      owner,
      label: 'correctMeasurement',
      query: `mutation { ${root} { correctMeasurement(id: "${kommun.code}-ind-trygghet-2024-12-31", expectedVersion: 1, value: 1, reason: "Kapat") { id } } }`,
    },
    ...Object.entries({
      Promise: promiseId,
      Commitment: commitmentId,
      Activity: `${commitmentId}-a1`,
      FollowUp: `${commitmentId}-f2023`,
      SituationPicture: `${kommun.code}-lb-2022`,
      CitizenDialogue: `${kommun.code}-md-2022`,
      CollaborationAgreement: `${kommun.code}-so-2023`,
      Indicator: `${kommun.code}-ind-trygghet`,
      Measurement: `${kommun.code}-ind-trygghet-2024-12-31`,
    }).map(([kind, id]) => ({
      owner,
      label: `withdraw${kind}`,
      query: `mutation { ${root} { withdraw${kind}(id: "${id}", expectedVersion: 1, reason: "Kapat") { id } } }`,
    })),
  ];
}

const picture =
  '{ date: "2026-11-01", period: { start: "2025-01-01", end: "2026-10-31" }, title: "Kapat", summary: "Kapat", prioritisedProblems: [], dataSources: [OTHER] }';

/** One attempt at each write of what a kommun's promises stand on, against its seeded records. */
function foundationWrites(code: string, root: string): Omit<WriteAttempt, 'owner'>[] {
  const dialogue = '{ title: "Kapat", method: SURVEY, period: { start: "2026-01-01", end: "2026-01-31" } }';
  const agreement =
    '{ title: "Kapat", period: { start: "2026-01-01", end: "2026-12-31" }, parties: ["Kapat", "Kapat"], followUpPlan: "Kapat" }';
  const indicator = '{ name: "Kapat", definition: "Kapat", unit: "%", dataSource: OTHER, desiredDirection: INCREASE }';
  const mutation = (label: string, call: string) => ({
    label,
    query: `mutation { ${root} { ${label}${call} { id } } }`,
  });
  return [
    mutation('recordSituationPicture', `(input: ${picture})`),
    mutation('updateSituationPicture', `(id: "${code}-lb-2022", expectedVersion: 1, input: ${picture})`),
    mutation('recordCitizenDialogue', `(input: ${dialogue})`),
    mutation('updateCitizenDialogue', `(id: "${code}-md-2022", expectedVersion: 1, input: ${dialogue})`),
    mutation('createCollaborationAgreement', `(input: ${agreement})`),
    mutation('updateCollaborationAgreement', `(id: "${code}-so-2023", expectedVersion: 1, input: ${agreement})`),
    mutation('createIndicator', `(input: ${indicator})`),
    mutation('updateIndicator', `(id: "${code}-ind-trygghet", expectedVersion: 1, input: ${indicator})`),
    mutation('recordMeasurement', `(indicatorId: "${code}-ind-trygghet", input: { date: "2026-06-30", value: 1 })`),
  ];
}

/** The seven organisations that own data: the kommuner and the police area. */
export const parties = [...region.kommuner.map((k) => k.slug), region.policeArea.slug];

/** The write was refused with `code` and answered no data. */
export function expectRefused(response: GraphQLResponse, code: 'FORBIDDEN' | 'UNAUTHENTICATED', context: string) {
  expect(
    response.errors?.map((e) => e.extensions?.code),
    context,
  ).toContain(code);
  expect(response.data ?? null, context).toBeNull();
}
