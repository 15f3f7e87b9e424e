import type { BenchHub } from './bench-hub.js';
import { type Measurement, measure, type Target } from './closed-loop.js';
import { citizenReportQuery, foundationsQuery, graphqlBody, type StandardQuery, standardQueries } from './queries.js';

/**
 * The standard queries through the hub's gateway (cache off and on), Hive Gateway with the Rust
 * planner (deduplication on and off) and the ideal client, after checking that every one of them
 * answers each query byte for byte as the hub's gateway does; then what the promises stand on
 * and the citizen report through the hub's gateway.
 */

/** The answer's bytes, but for the newline Apollo Server ends its bodies with. */
async function answerBytes(url: string, query: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: graphqlBody(query),
  });
  return (await response.text()).replace(/\n$/, '');
}

function runsOf(hub: BenchHub): [Target, StandardQuery | 'regional foundations' | 'citizen report', string][] {
  const ours = Object.values(hub.gateways);
  const peers = [hub.hive, hub.hiveNoDeduplication];
  const ideal: Partial<Record<StandardQuery, Target>> = { regional: hub.idealRegional, 'one kommun': hub.idealKommun };
  return [
    ...(Object.keys(standardQueries) as StandardQuery[]).flatMap((name) =>
      [...ours, ...peers, ...(ideal[name] ? [ideal[name]] : [])].map(
        (target) => [target, name, standardQueries[name]] as [Target, StandardQuery, string],
      ),
    ),
    ...[hub.gateways.cacheOff, hub.gateways.shipped].flatMap((target) => [
      [target, 'regional foundations', foundationsQuery] as [Target, 'regional foundations', string],
      [target, 'citizen report', citizenReportQuery] as [Target, 'citizen report', string],
    ]),
  ];
}

/** Every target must answer every query it is measured on exactly as the hub's gateway (cache off) does. */
export async function checkIdenticalAnswers(hub: BenchHub): Promise<void> {
  for (const [target, name, query] of runsOf(hub)) {
    const reference = await answerBytes(hub.gateways.before.url, query);
    if (reference.includes('"errors"')) throw new Error(`the hub's gateway answers ${name} with errors: ${reference}`);
    if ((await answerBytes(target.url, query)) !== reference)
      throw new Error(`${target.name} does not answer ${name} byte for byte as the hub's gateway does`);
  }
}

export async function standardBenchmark(
  hub: BenchHub,
  load: { connections: number; seconds: number },
): Promise<Measurement[]> {
  await checkIdenticalAnswers(hub);
  const results: Measurement[] = [];
  for (const [target, name, query] of runsOf(hub)) {
    process.stdout.write(`  ${name} via ${target.name}...`);
    // The ideal client takes no GraphQL: the body is ignored there.
    results.push(await measure(target, name, graphqlBody(query), load));
    console.log(` ${results.at(-1)!.requestsPerSecond} req/s`);
  }
  return results;
}

/** Ours ÷ a reference, per standard query: p50 latency, throughput and whole-hub CPU per request. */
export function standardRatios(results: Measurement[]) {
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  const comparisons = [
    ['Löftesnavet, cache on (shipped)', 'Hive Gateway + Rust planner, deduplication on'],
    ['Löftesnavet, cache off', 'Hive Gateway + Rust planner, deduplication on'],
    ['Löftesnavet, cache off, deduplication off', 'Hive Gateway + Rust planner, deduplication off'],
    ['Löftesnavet, cache off, deduplication off', 'ideal client'],
    ['Löftesnavet, cache on (shipped)', 'Löftesnavet, cache off, deduplication off'],
  ] as const;
  return (Object.keys(standardQueries) as StandardQuery[]).flatMap((query) =>
    comparisons.flatMap(([oursName, otherName]) => {
      const ours = results.find((r) => r.target === oursName && r.query === query);
      const other = results.find((r) => r.target === otherName && r.query === query);
      // A run that answered nothing (a very loaded machine, a short --duration) has no ratio.
      if (!ours?.requests || !other?.requests) return [];
      return [
        {
          query,
          comparison: `${oursName} ÷ ${otherName}`,
          p50Latency: ratio(ours.latencyMs.p50, other.latencyMs.p50),
          throughput: ratio(ours.requestsPerSecond, other.requestsPerSecond),
          hubCpuPerRequest: ratio(ours.cpuPerRequest.totalMs, other.cpuPerRequest.totalMs),
        },
      ];
    }),
  );
}

const perSubgraph = (values: Record<string, number>) =>
  Object.entries(values)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

export function standardTables(results: Measurement[]): string {
  const main = [
    '| query | served by | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req: server | subgraphs | PostgreSQL | whole hub | RSS MiB (server) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const cpu = r.cpuPerRequest;
      const sum = (values: Record<string, number>) =>
        Object.values(values)
          .reduce((a, b) => a + b, 0)
          .toFixed(3);
      return `| ${r.query} | ${r.target} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.errors} | ${cpu.serverMs} | ${sum(cpu.subgraphMs)} | ${sum(cpu.postgresMs)} | ${cpu.totalMs} | ${r.rssMiB} |`;
    }),
  ];
  const subgraphs = [
    '| query | served by | CPU ms/req per subgraph process | PostgreSQL CPU ms/req per subgraph database | SQL statements/req per subgraph |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.query} | ${r.target} | ${perSubgraph(r.cpuPerRequest.subgraphMs)} | ${perSubgraph(r.cpuPerRequest.postgresMs)} | ${perSubgraph(r.sqlStatementsPerRequest)} |`,
    ),
  ];
  const ratios = [
    '| query | ours ÷ reference | p50 latency | throughput | whole-hub CPU per request |',
    '|---|---|---|---|---|',
    ...standardRatios(results).map(
      (r) => `| ${r.query} | ${r.comparison} | ${r.p50Latency} | ${r.throughput} | ${r.hubCpuPerRequest} |`,
    ),
  ];
  return [main, subgraphs, ratios].map((table) => table.join('\n')).join('\n\n');
}
