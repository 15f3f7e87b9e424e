import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_ORGANISATION } from '../../domain/access.js';
import { type GraphQLResponse, postGraphQL } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { badTokens, bearer } from '../support/tokens.js';
import { expectRefused, parties, writesOwnedBy } from '../support/write-attempts.js';

// Each party writes only its own data: every other organisation's token is refused through the
// gateway, and nothing in any database changes. The owning subgraphs called directly refuse the
// same callers: tests/subgraph/ownership.test.ts.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe('the ownership matrix', () => {
  it('each of the seven organisations’ editors is FORBIDDEN to write every other party’s data through the gateway', async () => {
    const before = await databaseSnapshot(hub);
    let attempts = 0;
    for (const writer of parties) {
      const headers = await bearer(writer, 'editor');
      for (const owner of parties.filter((p) => p !== writer)) {
        for (const attempt of writesOwnedBy(owner)) {
          const response = await postGraphQL(hub.gateway.url, attempt.query, {}, headers);
          expectRefused(response, 'FORBIDDEN', `${writer} → ${owner} ${attempt.label}`);
          attempts += 1;
        }
      }
    }
    // Promise writes, foundation writes, extendPromise, correctMeasurement and the nine withdrawals.
    const kommunWrites = 4 + 9 + 2 + 9;
    const policeWrites = 3;
    // Each kommun's editor tries the five other kommuner's writes and the police's; the police editor every kommun's.
    expect(attempts).toBe(6 * (5 * kommunWrites + policeWrites) + 6 * kommunWrites);
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
      for (const attempt of writesOwnedBy(owner)) {
        for (const url of [hub.gateway.url]) {
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
