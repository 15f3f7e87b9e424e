import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityRootField, region } from '../../domain/region.js';
import { withSubgraphUrls } from '../../scripts/supergraph.js';
import { projectRoot, supergraphFile } from '../../server/project-root.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { createPeerGateway } from '../../tools/bench/peer-gateway.js';
import { citizenReportQuery } from '../../tools/bench/queries.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// Hive Gateway with the Rust query planner of Hive Router (@graphql-hive/router-runtime, MIT)
// serving the committed supergraph.graphql over the same real subgraphs as the hub's gateway:
// evidence that the file is plain Federation 2 that another gateway serves, byte for byte.
let hub: TestHub;
let hive: ReturnType<typeof createPeerGateway>;
let hiveServer: Server;
let hiveUrl: string;

beforeAll(async () => {
  // Subgraphs that answer signed requests only, as in production: Hive must present the credential too.
  hub = await startTestHub({ gatewayOnly: true });
  const supergraph = withSubgraphUrls(
    readFileSync(supergraphFile, 'utf8'),
    Object.fromEntries([...hub.subgraphs.values()].map((s) => [s.name, s.url])),
  );
  hive = createPeerGateway({ supergraph, subgraphSecret: subgraphSecretFromEnv(), deduplicate: true });
  hiveServer = createServer(hive);
  await new Promise<void>((resolve) => hiveServer.listen(0, '127.0.0.1', resolve));
  hiveUrl = `http://127.0.0.1:${(hiveServer.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await hive?.dispose();
  await new Promise((resolve) => hiveServer?.close(resolve));
  await hub?.stop();
});

/** The raw answer text of one POSTed operation. */
async function answerText(url: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * Both gateways' answers: the hub's must be a full answer without errors, Hive's the same bytes
 * (but for the newline Apollo Server ends its bodies with).
 */
async function expectIdenticalAnswers(query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const ours = await answerText(hub.gateway.url, query, variables);
  const parsed = JSON.parse(ours) as { data?: unknown; errors?: unknown };
  expect(parsed.errors).toBeUndefined();
  expect(await answerText(hiveUrl, query, variables)).toBe(ours.replace(/\n$/, ''));
  return parsed.data;
}

const promiseSelection = `id title status period { start end } extends { id }
  commitments { id text responsible target { yearlyCount }
    activities { date kind place } followUps { date status }
    policeActivities { kind date place } }`;

describe('the regional view', () => {
  it('is answered byte for byte as by the hub’s gateway, over the entity interface, police activities included', async () => {
    const data = (await expectIdenticalAnswers(`{ localPoliceArea(id: "${region.policeArea.id}") {
      name municipalities { code name promises { ${promiseSelection} } } } }`)) as {
      localPoliceArea: {
        municipalities: { name: string; promises: { commitments: { policeActivities: unknown[] }[] }[] }[];
      };
    };
    // A full answer: every kommun, with its promises and the police activities under them.
    const municipalities = data.localPoliceArea.municipalities;
    expect(municipalities.map((m) => m.name)).toEqual(region.kommuner.map((k) => k.name));
    const policeActivities = municipalities.flatMap((m) =>
      m.promises.flatMap((p) => p.commitments.flatMap((c) => c.policeActivities)),
    );
    expect(policeActivities.length).toBeGreaterThan(0);
  });

  it('is answered the same when each kommun is asked by its root field, and for every kommun alone', async () => {
    await expectIdenticalAnswers(
      `{ ${region.kommuner.map((k) => `${municipalityRootField(k)} { name promises { ${promiseSelection} } }`).join(' ')} }`,
    );
    for (const kommun of region.kommuner) {
      await expectIdenticalAnswers(`{ ${municipalityRootField(kommun)} {
        code name policeContact { title phone } promises { ${promiseSelection} } } }`);
    }
  });
});

it('answers what the promises stand on (agreements, lägesbilder, dialogues, indicators with trends) for every kommun as the hub does', async () => {
  const data = (await expectIdenticalAnswers(`{ localPoliceArea(id: "umea") {
    latestSituationPicture { id date title }
    municipalities { code name
      currentCollaborationAgreement(on: "2024-06-01") { id title period { start end } coordinatingFunction source { kind }
        goals { text indicator { name } } promises { id } }
      latestSituationPicture { id date prioritisedProblems }
      citizenDialogues { id method participantCount keyFindings promises { id } }
      promises { id indicators { id name unit measurements { date value source { kind } }
        trend(until: "2024-12-31") { latest { date value } changeFromBaseline direction targetReached } } } } } }`)) as {
    localPoliceArea: { municipalities: { code: string; currentCollaborationAgreement: { id: string } | null }[] };
  };
  expect(data.localPoliceArea.municipalities.find((m) => m.code === '2480')!.currentCollaborationAgreement).toEqual(
    expect.objectContaining({ id: '2480-so-2021' }),
  );
});

it('answers Umeå’s citizen report, both parties’ activities and the indicator values included, as the hub does', async () => {
  // The citizen report the bench measures.
  const data = (await expectIdenticalAnswers(citizenReportQuery)) as {
    umea: { citizenReport: { asOf: string; commitments: { commitment: { policeActivities: unknown[] } }[] } };
  };
  expect(data.umea.citizenReport.asOf).toBe('2024-12-31');
  expect(data.umea.citizenReport.commitments).toHaveLength(9);
  expect(data.umea.citizenReport.commitments.flatMap((c) => c.commitment.policeActivities).length).toBeGreaterThan(0);
});

it('answers every named report operation of reports/ as the hub does', async () => {
  const reports = readdirSync(path.join(projectRoot, 'reports')).filter((file) => file.endsWith('.graphql'));
  expect(reports.length).toBeGreaterThanOrEqual(5);
  for (const file of reports) {
    const document = readFileSync(path.join(projectRoot, 'reports', file), 'utf8');
    // RegionalCitizenReports requires $activeOn; where another report takes it, the same date.
    await expectIdenticalAnswers(document, document.includes('$activeOn') ? { activeOn: '2024-06-01' } : {});
  }
});
