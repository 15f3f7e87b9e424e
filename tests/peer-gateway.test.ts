import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { municipalityRootField, region } from '../domain/region.js';
import { withSubgraphUrls } from '../scripts/supergraph.js';
import { supergraphFile } from '../server/project-root.js';
import { subgraphSecretFromEnv } from '../server/subgraph-signature.js';
import { postGraphQL } from './support/graphql.js';
import { startTestHub, type TestHub } from './support/hub.js';

// Hive Gateway (MIT) serving the committed supergraph.graphql against the same subgraphs as
// Apollo Gateway: evidence that the file is plain Federation 2 that another gateway can serve.
let hub: TestHub;
let hive: ReturnType<typeof createGatewayRuntime>;
let hiveServer: Server;
let hiveUrl: string;

beforeAll(async () => {
  // Subgraphs that answer signed requests only, as in production: Hive must present the credential too.
  hub = await startTestHub({ gatewayOnly: true });
  const supergraph = withSubgraphUrls(
    readFileSync(supergraphFile, 'utf8'),
    Object.fromEntries([...hub.subgraphs.values()].map((s) => [s.name, s.url])),
  );
  // Hive signs its subgraph requests as the hub's gateway does, by its own configuration.
  hive = createGatewayRuntime({ supergraph, logging: false, hmacSignature: { secret: subgraphSecretFromEnv() } });
  hiveServer = createServer(hive);
  await new Promise<void>((resolve) => hiveServer.listen(0, '127.0.0.1', resolve));
  hiveUrl = `http://127.0.0.1:${(hiveServer.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await hive?.dispose();
  await new Promise((resolve) => hiveServer?.close(resolve));
  await hub?.stop();
});

const oneKommunQuery = (root: string) => `{
  ${root} {
    code name policeContact { title phone }
    promises { id title status period { start end } extends { id }
      commitments { id text responsible target { yearlyCount }
        activities { date kind place } followUps { date status }
        policeActivities { kind date place } } }
  }
}`;

it('answers every one-kommun query, police fields included, exactly as Apollo Gateway does', async () => {
  for (const kommun of region.kommuner) {
    const query = oneKommunQuery(municipalityRootField(kommun));
    const apollo = await postGraphQL(hub.gateway.url, query);
    const peer = await postGraphQL(hiveUrl, query);
    expect(apollo.errors).toBeUndefined();
    expect(peer).toEqual(apollo);
  }
});

it('answers the six kommuner asked by their root fields in one request', async () => {
  const query = `{ ${region.kommuner.map((k) => `${municipalityRootField(k)} { name promises { title commitments { policeActivities { kind } } } }`).join(' ')} }`;
  const apollo = await postGraphQL(hub.gateway.url, query);
  expect(apollo.errors).toBeUndefined();
  expect(await postGraphQL(hiveUrl, query)).toEqual(apollo);
});

it('cannot plan the regional query over the entity interface (documented limitation of Hive Gateway 2.15)', async () => {
  const { data, errors } = await postGraphQL(
    hiveUrl,
    '{ localPoliceArea(id: "umea") { municipalities { name promises { title } } } }',
  );
  expect(data).toBeNull();
  expect(errors?.[0]?.message).toBe("Was not able to find any options for promises: This shouldn't have happened.");
});

it('answers one kommun’s foundations and citizen report, police activities included, exactly as Apollo Gateway does', async () => {
  const query = `{ umea {
    currentCollaborationAgreement(on: "2024-06-01") { title goals { text indicator { name } } promises { id } }
    latestSituationPicture { date prioritisedProblems }
    indicators { name trend(until: "2024-12-31") { latest { value } direction targetReached } }
    citizenReport(promiseId: "2480-ml-2023") { asOf commitments { commitment { id policeActivities { kind date } } latestFollowUp { status } } }
  } }`;
  const apollo = await postGraphQL(hub.gateway.url, query);
  expect(apollo.errors).toBeUndefined();
  expect(await postGraphQL(hiveUrl, query)).toEqual(apollo);
});
