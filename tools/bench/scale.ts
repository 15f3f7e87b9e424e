import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { composeSupergraph } from '../../scripts/supergraph.js';
import { createDatabases, launch, stopAll } from './bench-processes.js';
import { type Measurement, measure } from './closed-loop.js';
import { graphqlBody, regionalQuery } from './queries.js';
import { syntheticRegion } from './synthetic-region.js';

interface ScalePoint {
  kommuner: number;
  promisesPerKommun: number;
  compositionMs: number;
  coldPlanMs: number;
  warmPlanMs: number;
  firstRequestMs: number;
  latencyP50Ms: number;
  requestsPerSecond: number;
  errors: number;
  errorKinds: Measurement['errorKinds'];
  /** Whether one answer fetched after the load was complete (no `errors`, all kommuner). */
  completeAnswer: boolean;
  gatewayCpuMsPerRequest: number;
  gatewayRssMiB: number;
}

function timePlanning(supergraphSdl: string, query: string) {
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  const plan = () => {
    const start = performance.now();
    planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query)));
    return performance.now() - start;
  };
  const cold = plan();
  const warm = Math.min(plan(), plan(), plan());
  return { cold, warm };
}

/**
 * `npm run bench -- --only scale`: synthetic regions of 6, 24 and 96 kommuner with 10, 100 and
 * 1000 promises each, all kommun subgraphs of a region in one process (synthetic-host.ts), each
 * over its own PostgreSQL database; composition and planning timed in-process.
 */
export async function scaleBenchmark({
  connections,
  portOffset,
}: {
  connections: number;
  portOffset: number;
}): Promise<ScalePoint[]> {
  const points: ScalePoint[] = [];
  const work = mkdtempSync(path.join(tmpdir(), 'loftesnavet-scale-'));
  try {
    for (const kommunCount of [6, 24, 96]) {
      const region = syntheticRegion(kommunCount, 20_000 + portOffset);
      const regionFile = path.join(work, `region-${kommunCount}.json`);
      writeFileSync(regionFile, JSON.stringify(region));
      const composeStart = performance.now();
      const supergraphSdl = composeSupergraph(region);
      const compositionMs = performance.now() - composeStart;
      const supergraphFile = path.join(work, `supergraph-${kommunCount}.graphql`);
      writeFileSync(supergraphFile, supergraphSdl);
      const query = regionalQuery(region, 'id title period { start end }');
      const planning = timePlanning(supergraphSdl, query);

      const databases = await createDatabases([...region.kommuner, region.policeArea].map((p) => p.slug));
      try {
        for (const promisesPerKommun of [10, 100, 1000]) {
          process.stdout.write(`  ${kommunCount} kommuner × ${promisesPerKommun} promises...`);
          const env = { REGION_FILE: regionFile, PG_POOL_MAX: '1' };
          const host = await launch({
            label: 'synthetic',
            script: 'tools/bench/synthetic-host.ts',
            env: { ...env, DATABASE_URL_TEMPLATE: databases.template, PROMISES_PER_KOMMUN: String(promisesPerKommun) },
          });
          const gateway = await launch({
            label: 'gateway',
            script: 'gateway/main.ts',
            env: { ...env, SUPERGRAPH: supergraphFile, PORT: String(region.gatewayPort), SUBGRAPH_TIMEOUT_MS: '30000' },
          });
          const url = `http://127.0.0.1:${region.gatewayPort}/graphql`;
          const firstStart = performance.now();
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: graphqlBody(query),
          });
          const firstRequestMs = performance.now() - firstStart;
          // Answers grow to megabytes: a fixed number of requests rather than a fixed time.
          const result = await measure(
            {
              name: 'gateway',
              url,
              processes: { server: gateway.child.pid!, subgraphs: { synthetic: host.child.pid! }, databases: {} },
              subgraphUrls: {},
            },
            'regional',
            graphqlBody(query),
            { connections, seconds: 0, amount: 4 * connections },
          );
          const check = (await (
            await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: graphqlBody(query),
            })
          ).json()) as {
            errors?: unknown[];
            data?: { localPoliceArea: { municipalities: { promises: unknown[] | null }[] } };
          };
          const completeAnswer =
            !check.errors &&
            check.data!.localPoliceArea.municipalities.every((m) => m.promises?.length === promisesPerKommun);
          points.push({
            kommuner: kommunCount,
            promisesPerKommun,
            compositionMs: Number(compositionMs.toFixed(0)),
            coldPlanMs: Number(planning.cold.toFixed(1)),
            warmPlanMs: Number(planning.warm.toFixed(1)),
            firstRequestMs: Number(firstRequestMs.toFixed(1)),
            latencyP50Ms: result.latencyMs.p50,
            requestsPerSecond: result.requestsPerSecond,
            errors: result.errors,
            errorKinds: result.errorKinds,
            completeAnswer,
            gatewayCpuMsPerRequest: result.cpuPerRequest.serverMs,
            gatewayRssMiB: result.rssMiB,
          });
          console.log(` ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms`);
          await stopAll([gateway, host]);
        }
      } finally {
        await databases.drop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return points;
}

export function scaleTable(points: ScalePoint[]): string {
  const previous = (p: ScalePoint, key: 'kommuner' | 'promisesPerKommun') =>
    points.find((q) =>
      key === 'kommuner'
        ? q.promisesPerKommun === p.promisesPerKommun && q.kommuner * 4 === p.kommuner
        : q.kommuner === p.kommuner && q.promisesPerKommun * 10 === p.promisesPerKommun,
    );
  const growth = (p: ScalePoint, key: 'kommuner' | 'promisesPerKommun') => {
    const before = previous(p, key);
    return before ? `×${(p.latencyP50Ms / before.latencyP50Ms).toFixed(1)}` : '–';
  };
  return [
    '| kommuner | promises each | composition ms | plan cold ms | plan warm ms | first request ms | p50 ms | req/s | errors (wrong body) | complete answer | gateway CPU ms/req | gateway RSS MiB | p50 vs ¼ the kommuner | p50 vs 1/10 the promises |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...points.map(
      (p) =>
        `| ${p.kommuner} | ${p.promisesPerKommun} | ${p.compositionMs} | ${p.coldPlanMs} | ${p.warmPlanMs} | ${p.firstRequestMs} | ${p.latencyP50Ms} | ${p.requestsPerSecond} | ${p.errors} (${p.errorKinds.wrongBody}) | ${p.completeAnswer ? 'yes' : 'NO'} | ${p.gatewayCpuMsPerRequest} | ${p.gatewayRssMiB} | ${growth(p, 'kommuner')} | ${growth(p, 'promisesPerKommun')} |`,
    ),
  ].join('\n');
}
