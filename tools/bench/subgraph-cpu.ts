import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type FetchNode, type PlanNode, QueryPlanner } from '@apollo/query-planner';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import { findKommun, municipalityTypeName, region, subgraphName } from '../../domain/region.js';
import { supergraphFile } from '../../server/project-root.js';
import { SIGNATURE_EXTENSION, subgraphSignature } from '../../server/subgraph-signature.js';
import { createDatabases, launch, stopAll } from './bench-processes.js';
import { round } from './closed-loop.js';
import { processUsage } from './hub-cpu.js';
import { standardQueries } from './queries.js';

/**
 * `npx tsx tools/bench/subgraph-cpu.ts`: one kommun subgraph's CPU per regional `_entities`
 * request, alone. Starts the subgraph as its own process (over PostgreSQL, or `--database pglite`
 * in a throwaway folder), replays the exact request the gateway sends it for the regional
 * standard query (its fetch of the committed supergraph's query plan, signed as the gateway
 * signs), and reports the process's CPU ms per request from /proc, for `--rounds` rounds of
 * `--requests` requests each after a warm-up. Every answer must equal the first.
 * Options: --kommun <slug> (umea), --requests <n> (2000), --rounds <n> (5), --connections <n> (4),
 * --database postgres|pglite, --log-level <level> (info, as in production), --cpu-prof <dir>
 * (the subgraph writes its CPU profile there when it stops). PORT_OFFSET moves the port.
 */
const { values: options } = parseArgs({
  options: {
    kommun: { type: 'string', default: 'umea' },
    requests: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
    database: { type: 'string', default: 'postgres' },
    'log-level': { type: 'string', default: 'info' },
    'cpu-prof': { type: 'string' },
  },
});
const kommun = findKommun(options.kommun, region);
const name = subgraphName(kommun);
const secret = 'subgraph-cpu-bench-secret';

/** The operation the gateway's plan for the regional query sends to this kommun's subgraph. */
function plannedEntitiesOperation(): string {
  const supergraph = Supergraph.build(readFileSync(supergraphFile, 'utf8'));
  const plan = new QueryPlanner(supergraph).buildQueryPlan(
    operationFromDocument(supergraph.schema, parse(standardQueries.regional)),
  );
  const fetches: FetchNode[] = [];
  const visit = (node: PlanNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'Fetch') fetches.push(node);
    else if (node.kind === 'Flatten') visit(node.node);
    else if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach(visit);
  };
  if (plan.node?.kind !== 'Subscription') visit(plan.node);
  const fetch = fetches.find((f) => f.serviceName === name);
  if (!fetch) throw new Error(`The regional plan has no fetch to ${name}`);
  return fetch.operation;
}

const query = plannedEntitiesOperation();
const variables = { representations: [{ __typename: municipalityTypeName(kommun), code: kommun.code }] };
const body = JSON.stringify({
  query,
  variables,
  extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(secret, { query, variables }) },
});

const port = kommun.port + 30_000 + Number(process.env.PORT_OFFSET ?? 0);
const url = `http://127.0.0.1:${port}/graphql`;
const dataDir =
  options.database === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'loftesnavet-subgraph-cpu-')) : undefined;
const databases = dataDir ? undefined : await createDatabases([kommun.slug]);
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
try {
  const subgraph = await launch({
    label: name,
    script: 'subgraphs/kommun/main.ts',
    args: ['--kommun', kommun.slug],
    env: {
      SUBGRAPH_SECRET: secret,
      PORT: String(port),
      LOG_LEVEL: options['log-level'],
      ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: databases!.urlOf(kommun.slug) }),
    },
    ...(options['cpu-prof'] && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options['cpu-prof'])}`] }),
  });
  const request = { url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
  const expected = await (await fetch(url, request)).text();
  if (!expected.includes('"promises":[{') || expected.includes('"errors"'))
    throw new Error(`Unexpected answer: ${expected}`);
  const connections = Number(options.connections);
  const run = (amount: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon({ ...request, connections, amount, expectBody: expected }, (error, done) =>
        error ? reject(error as Error) : resolve(done),
      );
    });
  await run(Number(options.requests)); // warm-up: the JIT and the pools
  const perRound: number[] = [];
  for (let i = 0; i < Number(options.rounds); i++) {
    const before = processUsage(subgraph.child.pid!).cpuSeconds;
    const result = await run(Number(options.requests));
    const failed = result.errors + result.non2xx + result.mismatches + result.timeouts;
    if (failed > 0) throw new Error(`${failed} of ${result.requests.total} answers were wrong or failed`);
    perRound.push(round(((processUsage(subgraph.child.pid!).cpuSeconds - before) * 1000) / result.requests.total, 3));
  }
  const sorted = [...perRound].sort((a, b) => a - b);
  console.log(`${name}, ${options.database}, log level ${options['log-level']}: the regional _entities request`);
  console.log(
    `CPU ms per request by round: ${perRound.join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]}, min ${sorted[0]}`,
  );
} finally {
  await stopAll();
  await databases?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
