import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_ORGANISATION } from '../../domain/access.js';
import { region } from '../../domain/region.js';
import { type InProcessKommuner, openInProcessKommuner } from '../support/in-process-subgraph.js';
import { badTokens, bearer } from '../support/tokens.js';
import { expectRefused, parties, writesOwnedBy } from '../support/write-attempts.js';

// Each subgraph, called directly (bypassing the gateway), writes only its own party's data: every
// other organisation's editor, a coordinator and the owner's readers are FORBIDDEN, a missing or bad
// token is UNAUTHENTICATED, and nothing in any database changes. Through the gateway: tests/hub/ownership.test.ts.
let all: InProcessKommuner;
beforeAll(async () => {
  all = await openInProcessKommuner(undefined, { police: true });
});
afterAll(() => all?.stop());

const subgraphOf = (owner: string) => (owner === region.policeArea.slug ? all.police() : all.kommun(owner));

describe.each(parties)('%s’s subgraph, called directly', (owner) => {
  it.each(writesOwnedBy(owner).map((attempt) => [attempt.label, attempt] as const))(
    '%s is refused to everyone but the owner’s editors, and changes nothing',
    async (_label, attempt) => {
      const before = await all.snapshot();
      const post = (headers?: Record<string, string>) => subgraphOf(owner).post(attempt.query, {}, headers);
      const writers = parties.filter((party) => party !== owner);
      for (const writer of writers)
        expectRefused(await post(await bearer(writer, 'editor')), 'FORBIDDEN', `${writer} → ${owner} ${attempt.label}`);
      expectRefused(await post(await bearer(COORDINATOR_ORGANISATION, 'editor')), 'FORBIDDEN', 'a coordinator');
      expectRefused(await post(await bearer(owner, 'reader')), 'FORBIDDEN', `a reader of ${owner}`);
      expectRefused(await post(), 'UNAUTHENTICATED', 'no token');
      for (const [kind, headers] of Object.entries(await badTokens(owner)))
        expectRefused(await post(headers), 'UNAUTHENTICATED', kind);
      expect(writers).toHaveLength(6);
      expect(await all.snapshot()).toEqual(before);
    },
  );
});

it('tries every write of every party: 24 of each kommun and 3 of the police area', () => {
  expect(parties.map((party) => writesOwnedBy(party).length)).toEqual([24, 24, 24, 24, 24, 24, 3]);
});
