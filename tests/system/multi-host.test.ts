import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import { withPostgresClient } from '../../server/database.js';
import { NO_FAULTS } from '../../tools/network/fault-proxy.js';
import { type MultiHostRegion, startMultiHostRegion } from '../../tools/network/multi-host-region.js';
import { namespacesUnavailable } from '../../tools/network/virtual-network.js';
import { type GraphQLResponse, postGraphQL } from '../support/graphql.js';
import { startTestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// Every party on a host of its own (a network namespace with its own address), the gateway
// reaching each subgraph through a fault proxy on its link: what real networks do to the hub.
// Needs root. Elsewhere the file is skipped, saying why; in CI (`CI` set), which runs as root,
// that is a failure, never a silent skip.
const unavailable = namespacesUnavailable();
if (unavailable && process.env.CI) throw new Error(`tests/system/multi-host.test.ts cannot run in CI: ${unavailable}`);
if (unavailable) console.warn(`tests/system/multi-host.test.ts skipped: ${unavailable}`);

// Long enough for a link delayed 300 ms each way on a loaded machine; the cut-off is shown with a longer delay.
const SUBGRAPH_TIMEOUT_MS = 3_000;
// Three sequential steps: the police area, the six kommuner in parallel, the police activities.
const regionalQuery = `{ localPoliceArea(id: "umea") { name municipalities { code name
  promises { title commitments { text policeActivities { kind date } } } } } }`;
const connectionFailures = ['SUBGRAPH_TIMEOUT', 'SUBGRAPH_UNAVAILABLE'];
// After a partition heals, a statement on a database connection the partition cut fails once (the pool then replaces it).
const afterHealing = [...connectionFailures, 'SERVICE_UNAVAILABLE'];

let region: MultiHostRegion;
let complete: GraphQLResponse;

describe.skipIf(unavailable)('the region with every party on its own host', () => {
  beforeAll(async () => {
    const loopback = await startTestHub({ subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS });
    try {
      complete = await postGraphQL(loopback.gateway.url, regionalQuery);
    } finally {
      await loopback.stop();
    }
    expect(complete.errors).toBeUndefined();
    region = await startMultiHostRegion({ subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS });
    // Freshly started processes (compiling, connecting to PostgreSQL) may miss the first timeouts.
    for (let attempt = 0; attempt < 10 && (await postGraphQL(region.gatewayUrl, regionalQuery)).errors; attempt += 1);
  }, 600_000);
  afterAll(() => region?.stop(), 60_000);

  const regional = () => postGraphQL(region.gatewayUrl, regionalQuery);

  /** Complete, or complete but for one kommun, each error naming it; which of the two. */
  function completeOrMissing(response: GraphQLResponse, slug: string, codes: string[]): 'complete' | 'partial' {
    if (!response.errors) {
      expect(response).toEqual(complete);
      return 'complete';
    }
    const expected = complete.data!.localPoliceArea.municipalities as { code: string }[];
    const missing = expected.findIndex((m) => m.code === kommunCode(slug));
    expect(response.data!.localPoliceArea.municipalities).toEqual(
      expected.map((m, i) => (i === missing ? { ...m, promises: null } : m)),
    );
    for (const error of response.errors) {
      expect(error.extensions).toMatchObject({ serviceName: slug, kommunCode: kommunCode(slug) });
      expect(codes).toContain(error.extensions!.code);
    }
    return 'partial';
  }
  const kommunCode = (slug: string) => findKommun(slug).code;

  it('answers the regional query exactly as the hub does on loopback', async () => {
    expect(await regional()).toEqual(complete);
  });

  it('a kommun behind 300 ms with resets slows only the requests that need it, and is cut off at the timeout', {
    timeout: 180_000,
  }, async () => {
    await region.setLink('vindeln', { delayMs: 300, jitterMs: 50, resetChance: 0.2 });
    try {
      const before = await region.linkState('vindeln');
      // Until both have been seen: answers through the slow link, and requests it reset.
      const kinds: string[] = [];
      let resetErrors = 0;
      for (let i = 0; i < 40 && !(kinds.includes('complete') && resetErrors >= 2); i += 1) {
        const response = await regional();
        kinds.push(completeOrMissing(response, 'vindeln', ['SUBGRAPH_UNAVAILABLE']));
        resetErrors += response.errors?.length ?? 0;
      }
      expect(kinds).toContain('complete');
      expect(resetErrors).toBeGreaterThanOrEqual(2);
      // Each reset cost exactly one request Vindeln's part.
      expect((await region.linkState('vindeln')).stats.reset - before.stats.reset).toBe(resetErrors);

      // A query that does not need Vindeln never touches its link.
      const { stats } = await region.linkState('vindeln');
      for (let i = 0; i < 5; i += 1) {
        const { data, errors } = await postGraphQL(region.gatewayUrl, '{ umea { promises { title } } }');
        expect(errors).toBeUndefined();
        expect(data!.umea.promises).toHaveLength(4);
      }
      expect((await region.linkState('vindeln')).stats).toEqual(stats);

      // Slower than the gateway waits: cut off at the timeout, named, the rest complete.
      await region.setLink('vindeln', { delayMs: SUBGRAPH_TIMEOUT_MS, resetChance: 0 });
      const response = await regional();
      expect(completeOrMissing(response, 'vindeln', ['SUBGRAPH_TIMEOUT'])).toBe('partial');
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions).toMatchObject({ kommun: 'Vindeln' });
    } finally {
      await region.setLink('vindeln', NO_FAULTS);
    }
    expect(await regional()).toEqual(complete);
  });

  it('a black-holed kommun is cut off at the timeout, not hung', { timeout: 60_000 }, async () => {
    await region.setLink('robertsfors', { blackHole: true });
    try {
      const response = await regional();
      expect(completeOrMissing(response, 'robertsfors', ['SUBGRAPH_TIMEOUT'])).toBe('partial');
      expect(response.errors).toHaveLength(1);
      expect((await region.linkState('robertsfors')).stats.bytesSwallowed).toBeGreaterThan(0);
    } finally {
      await region.setLink('robertsfors', NO_FAULTS);
    }
    expect(await regional()).toEqual(complete);
  });

  it('a partitioned kommun costs only its part; once the partition heals the answer is complete again', {
    timeout: 120_000,
  }, async () => {
    await region.partition('nordmaling');
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await regional();
        expect(completeOrMissing(response, 'nordmaling', connectionFailures)).toBe('partial');
      }
    } finally {
      await region.heal('nordmaling');
    }
    // Connections cut by the partition fail until the gateway has new ones: a few answers may still miss Nordmaling.
    let response = await regional();
    for (let attempt = 0; attempt < 20 && response.errors; attempt += 1) {
      completeOrMissing(response, 'nordmaling', afterHealing);
      await new Promise((resolve) => setTimeout(resolve, 500));
      response = await regional();
    }
    expect(response).toEqual(complete);
  });

  it('writes acknowledged while the link faults and the kommun is partitioned are all stored', {
    timeout: 180_000,
  }, async () => {
    const headers = await bearer('vindeln');
    const { data } = await postGraphQL(region.gatewayUrl, '{ vindeln { promises { commitments { id } } } }');
    const commitmentId = data!.vindeln.promises[0].commitments[0].id as string;
    const acknowledged: string[] = [];
    const failures: string[] = [];
    const write = async (i: number) => {
      const response = await postGraphQL(
        region.gatewayUrl,
        `mutation ($note: String!) { vindeln { recordFollowUp(commitmentId: "${commitmentId}", input: { date: "2026-11-25", status: ON_TRACK, note: $note }) { id } } }`,
        { note: `Uppföljning ${i} – Vindeln, över ett nät med fel` },
        headers,
      );
      if (response.errors) failures.push(`${response.errors[0]!.extensions?.code}: ${response.errors[0]!.message}`);
      else acknowledged.push(response.data!.vindeln.recordFollowUp.id);
    };

    await region.setLink('vindeln', { delayMs: 300, jitterMs: 50, resetChance: 0.2 });
    try {
      for (let i = 0; i < 10; i += 1) await write(i);
      await region.partition('vindeln');
      for (let i = 10; i < 12; i += 1) await write(i);
      await region.heal('vindeln');
      for (let i = 12; i < 20; i += 1) await write(i);
    } finally {
      await region.heal('vindeln');
      await region.setLink('vindeln', NO_FAULTS);
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(failures.length).toBeGreaterThanOrEqual(2); // at least the writes during the partition
    // The whole error in the failure message: a code other than a connection failure is a bug to trace.
    for (const failure of failures) expect(connectionFailures, failure).toContain(failure.split(':')[0]);

    const stored = await withPostgresClient(region.databaseUrl('vindeln'), async (client) => {
      const { rows } = await client.query<{ id: string }>('select id from follow_up where id = any($1)', [
        acknowledged,
      ]);
      return rows.map((row) => row.id);
    });
    expect(stored.sort()).toEqual([...acknowledged].sort());
  });
});
