import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import type pg from 'pg';
import {
  municipalityRootField,
  type Region,
  subgraphName,
  subgraphUrlVariable,
  region as umeaRegion,
} from '../domain/region.js';
import { withPostgresClient } from '../server/database.js';
import { opsPortFor } from '../server/process-settings.js';
import { projectRoot } from '../server/project-root.js';
import { syntheticRegion } from './bench/synthetic-region.js';
import { launchProcess, type ProcessSpec, type RunningProcess } from './processes.js';
import { composeSupergraph } from './supergraph.js';

/**
 * `npm run bench`: starts the hub on loopback (every subgraph and the gateway as its own
 * process, over PostgreSQL), and measures under the same closed-loop load the regional and a
 * one-kommun query through the gateway, through the ideal client (the gateway's plan run by hand,
 * scripts/bench/ideal-server.ts) and through Hive Gateway (with and without its in-flight
 * deduplication). `npm run bench -- --scale` measures synthetic regions of 6, 24 and 96 kommuner
 * with 10, 100 and 1000 promises each. Prints Markdown tables; writes JSON to bench-results/.
 * Options: --duration <s> (10), --connections <n> (8). BENCH_DATABASE_URL: a PostgreSQL server
 * where databases may be created (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_PROFILE_DIR: write the gateway's CPU profile (.cpuprofile) there.
 */
const { values: options } = parseArgs({
  options: {
    scale: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
  },
});
const durationSec = Number(options.duration);
const connections = Number(options.connections);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const quiet = () => {};

// ---------- processes and databases ----------

const running: RunningProcess[] = [];
async function launch(spec: ProcessSpec): Promise<RunningProcess> {
  const part = launchProcess({ onLine: quiet, ...spec, env: { LOG_LEVEL: 'warn', ...spec.env } });
  running.push(part);
  await part.ready;
  return part;
}
async function stopAll(parts: RunningProcess[] = [...running]): Promise<void> {
  await Promise.all(parts.map((p) => p.stop()));
  for (const p of parts) running.splice(running.indexOf(p), 1);
}

const withAdmin = <T>(use: (client: pg.Client) => Promise<T>) => withPostgresClient(adminUrl, use);

/** Throwaway PostgreSQL databases, one per subgraph, named after this run. */
async function createDatabases(
  slugs: string[],
): Promise<{ urlOf: (slug: string) => string; template: string; drop: () => Promise<void> }> {
  const prefix = `loftesnavet_bench_${process.pid}_`;
  const nameOf = (slug: string) => `${prefix}${slug}`;
  await withAdmin(async (client) => {
    for (const slug of slugs) await client.query(`CREATE DATABASE "${nameOf(slug)}"`);
  });
  const urlOf = (slug: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${nameOf(slug)}`;
    return url.toString();
  };
  return {
    urlOf,
    template: urlOf('SLUG').replace('SLUG', '{slug}'),
    drop: () =>
      withAdmin(async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          'select datname from pg_database where datname like $1',
          [`${prefix}%`],
        );
        for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }),
  };
}

// ---------- measuring ----------

/** utime+stime of a process in seconds, and its resident memory, from /proc (Linux). */
function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssBytes: rssKb * 1024 };
}

async function sqlStatements(urls: Record<string, string>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, url] of Object.entries(urls)) {
    // /metrics answers on the subgraph's internal operations port.
    const metrics = new URL('/metrics', url);
    metrics.port = String(opsPortFor(Number(metrics.port)));
    const text = await (await fetch(metrics)).text();
    counts[name] = Number(/^sql_statements_total (\S+)$/m.exec(text)?.[1] ?? 0);
  }
  return counts;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Measurement {
  target: string;
  query: string;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  errors: number;
  errorKinds: { transport: number; non2xx: number; wrongBody: number; timeouts: number };
  cpuMsPerRequest: number;
  rssMiB: number;
  sqlStatementsPerRequest: Record<string, number>;
}

interface Target {
  name: string;
  url: string;
  pid: number;
}

/**
 * Closed-loop load: `connections` clients, each sending the next request when the last is
 * answered, for `seconds` — or, when `amount` is given, until that many requests were answered
 * (for answers that take seconds each).
 */
async function measure(
  target: Target,
  queryName: string,
  body: string,
  subgraphUrls: Record<string, string>,
  { seconds = durationSec, amount }: { seconds?: number; amount?: number } = {},
): Promise<Measurement> {
  const request = {
    url: target.url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
    timeout: 120,
  };
  const expected = await (await fetch(target.url, request)).text();
  await autocannon({ ...request, connections, ...(amount ? { amount: connections } : { duration: 2 }) }); // warm-up
  const startedAt = performance.now();
  const cpuBefore = processUsage(target.pid).cpuSeconds;
  const sqlBefore = await sqlStatements(subgraphUrls);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { ...request, connections, ...(amount ? { amount } : { duration: seconds }), expectBody: expected },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const usage = processUsage(target.pid);
  const sqlAfter = await sqlStatements(subgraphUrls);
  latencies.sort((a, b) => a - b);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const requests = result.requests.total;
  const round = (n: number, digits = 2) => Number(n.toFixed(digits));
  return {
    target: target.name,
    query: queryName,
    requests,
    requestsPerSecond: round(requests / elapsedSeconds, 1),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
    },
    errors: result.errors + result.non2xx + result.mismatches + result.timeouts,
    errorKinds: {
      transport: result.errors,
      non2xx: result.non2xx,
      wrongBody: result.mismatches,
      timeouts: result.timeouts,
    },
    cpuMsPerRequest: round(((usage.cpuSeconds - cpuBefore) * 1000) / Math.max(requests, 1), 3),
    rssMiB: round(usage.rssBytes / 2 ** 20, 1),
    sqlStatementsPerRequest: Object.fromEntries(
      Object.keys(sqlAfter).map((name) => [
        name,
        round((sqlAfter[name]! - sqlBefore[name]!) / Math.max(requests, 1), 2),
      ]),
    ),
  };
}

const graphqlBody = (query: string) => JSON.stringify({ query });

// ---------- the queries ----------

const regionalQuery = (region: Region, promiseFields: string) =>
  `{ localPoliceArea(id: "${region.policeArea.id}") { name municipalities { code name promises { ${promiseFields} } } } }`;
const promiseFields = 'title period { start end } commitments { text responsible policeActivities { kind date } }';
const kommunFields = `name promises { ${promiseFields} }`;
const oneKommunQuery = `{ umea { ${kommunFields} } }`;
const sixKommunQuery = `{ ${umeaRegion.kommuner.map((k) => `${municipalityRootField(k)} { ${kommunFields} }`).join(' ')} }`;
/** What the promises stand on, for every kommun (issue 5), and one promise's citizen report; through the gateway only. */
const foundationsQuery = `{ localPoliceArea(id: "umea") { latestSituationPicture { date } municipalities { name
  currentCollaborationAgreement(on: "2024-06-01") { title period { start end } } latestSituationPicture { date }
  promises { title indicators { name trend { latest { date value } direction targetReached } } } } } }`;
const citizenReportQuery = `{ umea { citizenReport(promiseId: "2480-ml-2023") { asOf commitmentsByStatus { status count }
  commitments { commitment { text activities { date kind } policeActivities { date kind } } latestFollowUp { status } }
  indicators { indicator { name } latest { value } direction targetReached } } } }`;

// ---------- the standard benchmark ----------

async function standardBenchmark() {
  const region = umeaRegion;
  const offset = 10_000;
  const port = (p: { port: number }) => p.port + offset;
  const parties = [...region.kommuner, region.policeArea];
  const subgraphUrls = Object.fromEntries(parties.map((p) => [subgraphName(p), `http://127.0.0.1:${port(p)}/graphql`]));
  const urlEnv = Object.fromEntries(
    parties.map((p) => [subgraphUrlVariable(subgraphName(p)), subgraphUrls[subgraphName(p)]!]),
  );
  const databases = await createDatabases(parties.map((p) => p.slug));
  try {
    console.log('Starting 7 subgraphs over PostgreSQL, the gateway, the ideal client and Hive Gateway...');
    await Promise.all([
      ...region.kommuner.map((k) =>
        launch({
          label: k.slug,
          script: 'subgraphs/kommun/main.ts',
          args: ['--kommun', k.slug],
          env: { PORT: String(port(k)), DATABASE_URL: databases.urlOf(k.slug) },
        }),
      ),
      launch({
        label: 'polis',
        script: 'subgraphs/police/main.ts',
        env: {
          PORT: String(port(region.policeArea)),
          DATABASE_URL: databases.urlOf(region.policeArea.slug),
          ...urlEnv,
        },
      }),
    ]);
    // BENCH_PROFILE_DIR: the gateway writes a CPU profile there when it stops.
    const profileDir = process.env.BENCH_PROFILE_DIR;
    const gateway = await launch({
      label: 'gateway',
      script: 'gateway/main.ts',
      env: { PORT: String(region.gatewayPort + offset), ...urlEnv },
      ...(profileDir && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] }),
    });
    const ideal = await launch({
      label: 'ideal',
      script: 'scripts/bench/ideal-server.ts',
      env: { PORT: String(offset + 10), ...urlEnv },
    });
    const hive = await launch({
      label: 'hive',
      script: 'scripts/bench/peer-gateway.ts',
      env: { PORT: String(offset + 11), ...urlEnv },
    });
    const hiveNoDedup = await launch({
      label: 'hive-nodedup',
      script: 'scripts/bench/peer-gateway.ts',
      env: { PORT: String(offset + 12), DEDUPLICATE: 'false', ...urlEnv },
    });

    const gatewayUrl = `http://127.0.0.1:${region.gatewayPort + offset}/graphql`;
    const targets = {
      gateway: { name: 'Apollo Gateway (Löftesnavet)', url: gatewayUrl, pid: gateway.child.pid! },
      idealRegional: { name: 'ideal client', url: `http://127.0.0.1:${offset + 10}/regional`, pid: ideal.child.pid! },
      idealKommun: { name: 'ideal client', url: `http://127.0.0.1:${offset + 10}/kommun/umea`, pid: ideal.child.pid! },
      hive: {
        name: 'Hive Gateway, deduplication on',
        url: `http://127.0.0.1:${offset + 11}/graphql`,
        pid: hive.child.pid!,
      },
      hiveNoDedup: {
        name: 'Hive Gateway, deduplication off',
        url: `http://127.0.0.1:${offset + 12}/graphql`,
        pid: hiveNoDedup.child.pid!,
      },
    };

    // The references must answer exactly what the gateway answers, or the comparison means nothing.
    const answer = async (url: string, query: string) =>
      (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: graphqlBody(query) })
      ).json();
    const regional = regionalQuery(region, promiseFields);
    const checks = [
      ['ideal regional', await answer(targets.idealRegional.url, regional), await answer(gatewayUrl, regional)],
      [
        'ideal one-kommun',
        await answer(targets.idealKommun.url, oneKommunQuery),
        await answer(gatewayUrl, oneKommunQuery),
      ],
      ['hive six-kommun', await answer(targets.hive.url, sixKommunQuery), await answer(gatewayUrl, sixKommunQuery)],
    ] as const;
    for (const [label, reference, ours] of checks) {
      if (!isDeepStrictEqual(reference, ours)) throw new Error(`${label} does not answer what the gateway answers`);
    }

    const runs: [Target, string, string][] = [
      [targets.gateway, 'regional', regional],
      [targets.idealRegional, 'regional', regional],
      [targets.gateway, 'one kommun', oneKommunQuery],
      [targets.idealKommun, 'one kommun', oneKommunQuery],
      [targets.hive, 'one kommun', oneKommunQuery],
      [targets.hiveNoDedup, 'one kommun', oneKommunQuery],
      [targets.gateway, 'six kommuner (root fields)', sixKommunQuery],
      [targets.hive, 'six kommuner (root fields)', sixKommunQuery],
      [targets.hiveNoDedup, 'six kommuner (root fields)', sixKommunQuery],
      [targets.gateway, 'regional foundations', foundationsQuery],
      [targets.gateway, 'citizen report', citizenReportQuery],
    ];
    const results: Measurement[] = [];
    for (const [target, name, query] of runs) {
      process.stdout.write(`  ${name} via ${target.name}...`);
      // The ideal client takes no GraphQL: the body is ignored there.
      results.push(await measure(target, name, graphqlBody(query), subgraphUrls));
      console.log(` ${results.at(-1)!.requestsPerSecond} req/s`);
    }
    return { results, ratios: standardRatios(results) };
  } finally {
    await stopAll();
    await databases.drop();
  }
}

function standardRatios(results: Measurement[]) {
  const find = (target: string, query: string) =>
    results.find((r) => r.target.startsWith(target) && r.query === query)!;
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  const versus = (ours: Measurement, other: Measurement) => ({
    p50Latency: ratio(ours.latencyMs.p50, other.latencyMs.p50),
    throughput: ratio(ours.requestsPerSecond, other.requestsPerSecond),
    cpuPerRequest: ratio(ours.cpuMsPerRequest, other.cpuMsPerRequest),
  });
  return {
    gatewayVsIdeal: {
      regional: versus(find('Apollo', 'regional'), find('ideal', 'regional')),
      oneKommun: versus(find('Apollo', 'one kommun'), find('ideal', 'one kommun')),
    },
    gatewayVsHive: {
      oneKommunDeduplicationOn: versus(
        find('Apollo', 'one kommun'),
        find('Hive Gateway, deduplication on', 'one kommun'),
      ),
      oneKommunDeduplicationOff: versus(
        find('Apollo', 'one kommun'),
        find('Hive Gateway, deduplication off', 'one kommun'),
      ),
      sixKommunerDeduplicationOn: versus(
        find('Apollo', 'six kommuner (root fields)'),
        find('Hive Gateway, deduplication on', 'six kommuner (root fields)'),
      ),
      sixKommunerDeduplicationOff: versus(
        find('Apollo', 'six kommuner (root fields)'),
        find('Hive Gateway, deduplication off', 'six kommuner (root fields)'),
      ),
    },
  };
}

function standardTable(results: Measurement[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.query} | ${r.target} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.errors} | ${r.cpuMsPerRequest} | ${r.rssMiB} | ${Object.entries(
        r.sqlStatementsPerRequest,
      )
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')} |`,
  );
  return [
    '| query | served by | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req (server) | RSS MiB (server) | SQL statements/req per subgraph |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

// ---------- the scale benchmark ----------

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

async function scaleBenchmark(): Promise<ScalePoint[]> {
  const points: ScalePoint[] = [];
  const work = mkdtempSync(path.join(tmpdir(), 'loftesnavet-scale-'));
  try {
    for (const kommunCount of [6, 24, 96]) {
      const region = syntheticRegion(kommunCount, 20_000);
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
            script: 'scripts/bench/synthetic-host.ts',
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
            { name: 'gateway', url, pid: gateway.child.pid! },
            'regional',
            graphqlBody(query),
            {},
            { amount: 4 * connections },
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
            gatewayCpuMsPerRequest: result.cpuMsPerRequest,
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

function scaleTable(points: ScalePoint[]): string {
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

// ---------- main ----------

process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
try {
  const startedAt = new Date().toISOString();
  const machine = { node: process.version, cpus: (await import('node:os')).cpus().length, durationSec, connections };
  const outDir = path.join(projectRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  if (options.scale) {
    const points = await scaleBenchmark();
    const file = path.join(outDir, `scale-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ startedAt, machine, points }, null, 2));
    console.log(`\n${scaleTable(points)}\n\nJSON: ${file}`);
  } else {
    const { results, ratios } = await standardBenchmark();
    const file = path.join(outDir, `bench-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ startedAt, machine, results, ratios }, null, 2));
    console.log(
      `\n${standardTable(results)}\n\nRatios (ours ÷ reference): ${JSON.stringify(ratios, null, 2)}\n\nJSON: ${file}`,
    );
  }
} catch (error) {
  console.error(error);
  await stopAll();
  process.exitCode = 1;
}
