import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Kommun,
  loadRegion,
  municipalityRootField,
  municipalityTypeName,
  subgraphName,
  subgraphUrls,
} from '../../domain/region.js';
import { SIGNATURE_EXTENSION, subgraphSecretFromEnv, subgraphSignature } from '../../server/subgraph-signature.js';

/**
 * The floor a gateway's overhead is measured from: the regional and one-kommun queries executed
 * by the same plan Apollo Gateway makes (police area → the kommuner in parallel → police
 * activities of all commitments in one batch), with no parsing, validation or planning, answering
 * byte-for-byte what the gateway answers. POST /regional, POST /kommun/<slug>. PORT, SUBGRAPH_URL_*.
 */
const region = loadRegion();
const urls = subgraphUrls(region);
const policeUrl = urls[subgraphName(region.policeArea)]!;
const subgraphSecret = subgraphSecretFromEnv();

interface CommitmentData {
  __typename?: string;
  id?: string;
  text: string;
  responsible: string;
  policeActivities?: unknown;
}
interface PromiseData {
  title: string;
  period: { start: string; end: string };
  commitments: CommitmentData[];
}

async function post<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  // Signed as the gateway signs: subgraphs answer `_entities` only to the gateway.
  const extensions = { [SIGNATURE_EXTENSION]: subgraphSignature(subgraphSecret, { query, variables }) };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, extensions }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const promiseSelection = 'promises { title period { start end } commitments { __typename id text responsible } }';

/** Adds the police activities of every commitment, fetched in one batch, in the requested field order. */
async function joinPoliceActivities(promises: PromiseData[][]): Promise<void> {
  const commitments = promises.flat(2).flatMap((p) => p.commitments);
  const { _entities } = await post<{ _entities: { policeActivities: unknown }[] }>(
    policeUrl,
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commitment { policeActivities { kind date } } } }',
    { r: commitments.map((c) => ({ __typename: 'Commitment', id: c.id })) },
  );
  commitments.forEach((commitment, i) => {
    delete commitment.__typename;
    delete commitment.id;
    commitment.policeActivities = _entities[i]!.policeActivities;
  });
}

async function regional(): Promise<unknown> {
  const { localPoliceArea } = await post<{
    localPoliceArea: {
      name: string;
      municipalities: { __typename: string; code: string; name: string; promises?: PromiseData[] }[];
    };
  }>(policeUrl, `{ localPoliceArea(id: "${region.policeArea.id}") { name municipalities { __typename code name } } }`);
  const byType = new Map(region.kommuner.map((k) => [municipalityTypeName(k), k]));
  await Promise.all(
    localPoliceArea.municipalities.map(async (municipality) => {
      const kommun = byType.get(municipality.__typename)!;
      const { _entities } = await post<{ _entities: { promises: PromiseData[] }[] }>(
        urls[subgraphName(kommun)]!,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${municipality.__typename} { ${promiseSelection} } } }`,
        { r: [{ __typename: municipality.__typename, code: municipality.code }] },
      );
      municipality.promises = _entities[0]!.promises;
    }),
  );
  await joinPoliceActivities(localPoliceArea.municipalities.map((m) => m.promises!));
  for (const municipality of localPoliceArea.municipalities)
    delete (municipality as { __typename?: string }).__typename;
  return { data: { localPoliceArea } };
}

async function oneKommun(kommun: Kommun): Promise<unknown> {
  const root = municipalityRootField(kommun);
  const data = await post<Record<string, { name: string; promises: PromiseData[] }>>(
    urls[subgraphName(kommun)]!,
    `{ ${root} { name ${promiseSelection} } }`,
  );
  await joinPoliceActivities([data[root]!.promises]);
  return { data };
}

const server = http.createServer((req, res) => {
  const kommunSlug = /^\/kommun\/([\w-]+)$/.exec(req.url ?? '')?.[1];
  const kommun = kommunSlug ? region.kommuner.find((k) => k.slug === kommunSlug) : undefined;
  const run = req.url === '/regional' ? regional : kommun ? () => oneKommun(kommun) : null;
  req.resume();
  req.on('end', () => {
    if (!run) {
      res.writeHead(404).end();
      return;
    }
    run().then(
      (body) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)),
      (error: unknown) =>
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: String(error) }] })),
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`ideal client ready at http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
