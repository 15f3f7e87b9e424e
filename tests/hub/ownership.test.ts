import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_ORGANISATION } from '../../domain/access.js';
import { municipalityRootField, region, subgraphName } from '../../domain/region.js';
import { type GraphQLResponse, postGraphQL } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { badTokens, bearer } from '../support/tokens.js';

// Each party writes only its own data: every other organisation's token is refused, through the
// gateway and when calling the owning subgraph directly, and nothing in any database changes.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

interface WriteAttempt {
  owner: string;
  label: string;
  query: string;
}

/** One attempt at each kind of write a party owns. */
function writesOwnedBy(owner: string): WriteAttempt[] {
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

const parties = [...region.kommuner.map((k) => k.slug), region.policeArea.slug];

function expectRefused(response: GraphQLResponse, code: 'FORBIDDEN' | 'UNAUTHENTICATED', context: string) {
  expect(
    response.errors?.map((e) => e.extensions?.code),
    context,
  ).toContain(code);
  expect(response.data ?? null, context).toBeNull();
}

describe('the ownership matrix', () => {
  it('each of the seven organisations’ editors is FORBIDDEN to write every other party’s data, by gateway or directly', async () => {
    const before = await databaseSnapshot(hub);
    let attempts = 0;
    for (const writer of parties) {
      const headers = await bearer(writer, 'editor');
      for (const owner of parties.filter((p) => p !== writer)) {
        for (const attempt of writesOwnedBy(owner)) {
          const direct = hub.subgraphs.get(subgraphName({ slug: owner }))!.url;
          for (const [route, url] of [
            ['gateway', hub.gateway.url],
            ['direct', direct],
          ] as const) {
            const response = await postGraphQL(url, attempt.query, {}, headers);
            expectRefused(response, 'FORBIDDEN', `${writer} → ${owner} ${attempt.label} via ${route}`);
            attempts += 1;
          }
        }
      }
    }
    // Promise writes, foundation writes, extendPromise, correctMeasurement and the nine withdrawals.
    const kommunWrites = 4 + 9 + 2 + 9;
    const policeWrites = 3;
    // Each kommun's editor tries the five other kommuner's writes and the police's; the police editor every kommun's.
    expect(attempts).toBe(6 * (5 * kommunWrites + policeWrites) * 2 + 6 * kommunWrites * 2);
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('coordinators read everything and write nothing; readers of the owner write nothing', async () => {
    const before = await databaseSnapshot(hub);
    for (const owner of parties) {
      for (const attempt of writesOwnedBy(owner)) {
        for (const headers of [await bearer(COORDINATOR_ORGANISATION, 'editor'), await bearer(owner, 'reader')]) {
          expectRefused(
            await postGraphQL(hub.gateway.url, attempt.query, {}, headers),
            'FORBIDDEN',
            `${owner} ${attempt.label}`,
          );
        }
      }
    }
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('no token, a token of another secret, an expired, alg:none, future-dated, too long-lived or badly named (sub) token are UNAUTHENTICATED', async () => {
    const before = await databaseSnapshot(hub);
    for (const owner of parties) {
      const direct = hub.subgraphs.get(subgraphName({ slug: owner }))!.url;
      for (const attempt of writesOwnedBy(owner)) {
        for (const url of [hub.gateway.url, direct]) {
          expectRefused(
            await postGraphQL(url, attempt.query),
            'UNAUTHENTICATED',
            `no token, ${owner} ${attempt.label}`,
          );
          for (const [kind, headers] of Object.entries(await badTokens(owner))) {
            const response = await postGraphQL(url, attempt.query, {}, headers);
            expectRefused(response, 'UNAUTHENTICATED', `${kind}, ${owner} ${attempt.label} at ${url}`);
          }
        }
      }
    }
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('a bad token is refused even for public reads, once, by the gateway with HTTP 401', async () => {
    const { expired } = await badTokens('umea');
    const response = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...expired },
      body: JSON.stringify({ query: '{ umea { name } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toMatch(/exp/);
  });
});
