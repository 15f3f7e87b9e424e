import { type Kommun, municipalityRootField } from '../../domain/region.js';
import { postGraphQL } from './graphql.js';
import type { PostToSubgraph } from './in-process-subgraph.js';
import { bearer } from './tokens.js';

export interface CommitmentFixture {
  text: string;
  responsible: 'KOMMUN' | 'POLICE' | 'JOINT' | 'OTHER';
  followUps?: { date: string; status: 'NOT_STARTED' | 'ON_TRACK' | 'DELAYED' | 'DONE'; note: string }[];
  activities?: { date: string; kind: string; place: string; description: string }[];
}

export interface PromiseFixture {
  title: string;
  period: { start: string; end: string };
  signedOn?: string;
  focusAreas?: string[];
  commitments: CommitmentFixture[];
}

/**
 * Creates and publishes a promise with its commitments, follow-ups and activities as the kommun's
 * editor: through the gateway at `target` (a URL), or straight to an in-process subgraph.
 */
export async function createPublishedPromise(
  target: string | PostToSubgraph,
  kommun: Pick<Kommun, 'slug'>,
  promise: PromiseFixture,
) {
  const root = municipalityRootField(kommun);
  const editor = await bearer(kommun.slug, 'editor');
  const run = async (mutation: string, variables: Record<string, unknown>) => {
    const { data, errors } = await (typeof target === 'string'
      ? postGraphQL(target, mutation, variables, editor)
      : target(mutation, variables, editor));
    if (errors) throw new Error(JSON.stringify(errors));
    return data![root];
  };
  const created = await run(
    `mutation ($input: CreatePromiseInput!) { ${root} { createPromise(input: $input) { id } } }`,
    {
      input: {
        title: promise.title,
        summary: 'Skapat av ett test.',
        period: promise.period,
        signedOn: promise.signedOn ?? null,
        focusAreas: promise.focusAreas ?? [],
      },
    },
  );
  const promiseId: string = created.createPromise.id;
  const commitmentIds: string[] = [];
  for (const commitment of promise.commitments) {
    const added = await run(
      `mutation ($id: ID!, $input: CommitmentInput!) { ${root} { addCommitment(promiseId: $id, input: $input) { id } } }`,
      {
        id: promiseId,
        input: {
          text: commitment.text,
          responsible: commitment.responsible,
          ...(commitment.responsible === 'OTHER' && { otherParty: 'Bostadsbolaget' }),
        },
      },
    );
    const commitmentId: string = added.addCommitment.id;
    commitmentIds.push(commitmentId);
    for (const input of commitment.followUps ?? []) {
      await run(
        `mutation ($id: ID!, $input: FollowUpInput!) { ${root} { recordFollowUp(commitmentId: $id, input: $input) { id } } }`,
        { id: commitmentId, input },
      );
    }
    for (const input of commitment.activities ?? []) {
      await run(
        `mutation ($id: ID!, $input: ActivityInput!) { ${root} { recordActivity(commitmentId: $id, input: $input) { id } } }`,
        { id: commitmentId, input },
      );
    }
  }
  await run(`mutation ($id: ID!) { ${root} { publishPromise(id: $id, expectedVersion: 1) { status } } }`, {
    id: promiseId,
  });
  return { promiseId, commitmentIds };
}
