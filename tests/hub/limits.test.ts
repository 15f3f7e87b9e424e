import { afterAll, beforeAll, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import { limitsFromEnv, type ServerLimits } from '../../server/http/limits.js';
import { SIGNATURE_EXTENSION, subgraphSecretFromEnv, subgraphSignature } from '../../server/subgraph-signature.js';
import { startTestKommunSubgraph, type TestKommunSubgraph } from '../support/kommun-subgraphs.js';

// One case per limit of the shared HTTP front, each exceeding that limit alone: the request is
// refused at the default limits and answered in full once only that one limit is raised, so
// each case fails if its limit is switched off (or if another limit is what refuses it).
const defaults = limitsFromEnv({});
const umea = findKommun('umea');

const chain = (levels: number) => `{ umea { promises { ${'extends { '.repeat(levels)}id${' }'.repeat(levels)} } } }`;
const fields = 'id title summary status signedOn ';
/** `levels` nested promises (through `extends`), each with the same five fields. */
const promiseLevels = (levels: number): string =>
  levels === 1 ? fields : `${fields}extends { ${promiseLevels(levels - 1)} }`;
const representation = '{ __typename: "UmeaMunicipality", code: "2480" }';

interface LimitCase {
  limit: keyof ServerLimits;
  raised: number;
  body: Record<string, unknown>;
  status: number;
  message: string;
}

const cases: LimitCase[] = [
  // umea, promises, 15 × extends, id: 18 deep; its cost stays under 5 000.
  {
    limit: 'maxDepth',
    raised: 30,
    body: { query: chain(15) },
    status: 400,
    message: `Syntax Error: Query depth limit of ${defaults.maxDepth} exceeded, found 18.`,
  },
  {
    limit: 'maxAliases',
    raised: 100,
    body: {
      query: `{ ${Array.from({ length: defaults.maxAliases + 1 }, (_, i) => `a${i}: umea { name }`).join(' ')} }`,
    },
    status: 400,
    message: `Syntax Error: Aliases limit of ${defaults.maxAliases} exceeded, found ${defaults.maxAliases + 1}.`,
  },
  {
    // 15 deep, 5 fields at each of 13 promise levels: within depth, aliases and tokens; its cost is about 5 520.
    limit: 'maxCost',
    raised: 100_000,
    body: { query: `{ umea { promises { ${promiseLevels(13)} } } }` },
    status: 400,
    message: 'COST',
  },
  {
    // 700 entity representations in one literal: many tokens, little cost (signed, as the gateway asks).
    limit: 'maxTokens',
    raised: 100_000,
    body: signed(
      `{ _entities(representations: [${Array(700).fill(representation).join(', ')}]) { ... on UmeaMunicipality { name } } }`,
    ),
    status: 400,
    message: `Syntax Error: Document contains more that ${defaults.maxTokens} tokens. Parsing aborted.`,
  },
  {
    limit: 'maxBodyBytes',
    raised: 4_000_000,
    body: { query: `{ umea { name } }${' '.repeat(defaults.maxBodyBytes)}` },
    status: 413,
    message: `The request body is larger than ${defaults.maxBodyBytes} bytes`,
  },
];

function signed(query: string) {
  return { query, extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(subgraphSecretFromEnv(), { query }) } };
}

let atDefaults: TestKommunSubgraph;
beforeAll(async () => {
  atDefaults = await startTestKommunSubgraph(umea, { limits: defaults });
});
afterAll(() => atDefaults?.stop());

async function post(url: string, body: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
}

it.each(cases)(
  '$limit alone: refused at the default, answered with only it raised',
  async ({ limit, raised, body, status, message }) => {
    const refused = await post(atDefaults.url, body);
    expect(refused.status).toBe(status);
    // graphql-js adds "Validation aborted." when a rule throws, as Armor's cost rule does.
    const messages = refused.body.errors!.map((e) => e.message).filter((m) => m !== 'Validation aborted.');
    expect(messages).toHaveLength(1);
    if (message === 'COST')
      expect(messages[0]).toMatch(
        new RegExp(`^Syntax Error: Query Cost limit of ${defaults.maxCost} exceeded, found \\d+(\\.\\d+)?\\.$`),
      );
    else expect(messages[0]).toBe(message);

    const raisedOne = await startTestKommunSubgraph(umea, { limits: { ...defaults, [limit]: raised } });
    try {
      const answered = await post(raisedOne.url, body);
      expect(answered.body.errors, JSON.stringify(answered.body.errors)).toBeUndefined();
      expect(answered.status).toBe(200);
      expect(answered.body.data).toEqual(expect.any(Object));
    } finally {
      await raisedOne.stop();
    }
  },
);
