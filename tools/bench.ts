import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { authConfigFromEnv } from '../server/auth.js';
import { projectRoot } from '../server/project-root.js';
import { startBenchHub } from './bench/bench-hub.js';
import { stopAll } from './bench/bench-processes.js';
import { type MixedLoadResult, mixedLoadTable, prepareWriters, runMixedLoad } from './bench/mixed-load.js';
import { scaleBenchmark, scaleTable } from './bench/scale.js';
import { standardBenchmark, standardRatios, standardTables } from './bench/standard.js';

/**
 * `npm run bench`: starts the hub on loopback (tools/bench/bench-hub.ts) and runs
 * - standard: the three standard queries through the hub's gateway (cache off and on), Hive
 *   Gateway with the Rust planner (deduplication on and off) and the ideal client, after an
 *   identity check of the answers, with the CPU of every process of the hub per request;
 * - mixed: the mixed load of reads and writes with every read checked for staleness
 *   (tools/bench/mixed-load.ts), through the gateway with its cache off and on;
 * - scale (only when asked for): synthetic regions of 6, 24 and 96 kommuner.
 * Prints Markdown tables; writes JSON to bench-results/.
 * Options: --only standard,mixed,scale (default standard,mixed), --duration <s> (10),
 * --connections <n> (8). PORT_OFFSET moves every port. BENCH_DATABASE_URL: see bench-processes.ts.
 * BENCH_PROFILE_DIR: the shipped gateway writes its CPU profile (.cpuprofile) there.
 */
const { values: options } = parseArgs({
  options: {
    only: { type: 'string', default: 'standard,mixed' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
  },
});
const parts = new Set(options.only.split(','));
for (const part of parts) {
  if (!['standard', 'mixed', 'scale'].includes(part))
    throw new Error(`--only takes standard, mixed, scale; not ${part}`);
}
const load = { connections: Number(options.connections), seconds: Number(options.duration) };
const portOffset = Number(process.env.PORT_OFFSET ?? 0);

process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
try {
  const startedAt = new Date().toISOString();
  const machine = {
    node: process.version,
    cpus: cpus().length,
    durationSec: load.seconds,
    connections: load.connections,
  };
  const outDir = path.join(projectRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const report: Record<string, unknown> = { startedAt, machine };
  const tables: string[] = [];

  if (parts.has('standard') || parts.has('mixed')) {
    console.log('Starting 7 subgraphs over PostgreSQL, 3 gateways, the ideal client and Hive Gateway twice...');
    const profileDir = process.env.BENCH_PROFILE_DIR;
    const hub = await startBenchHub({ portOffset, profileDir: profileDir && path.resolve(profileDir) });
    try {
      if (parts.has('standard')) {
        const results = await standardBenchmark(hub, load);
        report.standard = { results, ratios: standardRatios(results) };
        tables.push(standardTables(results));
      }
      if (parts.has('mixed')) {
        const kommunUrl = hub.subgraphUrls.umea!;
        const writers = await prepareWriters(kommunUrl, hub.subgraphSecret);
        const results: MixedLoadResult[] = [];
        for (const configuration of ['cacheOff', 'shipped'] as const) {
          const gateway = hub.gateways[configuration];
          process.stdout.write(`  mixed load via ${gateway.name}...`);
          const result = await runMixedLoad(
            {
              name: gateway.name,
              gatewayUrl: gateway.url,
              kommunUrl,
              subgraphSecret: hub.subgraphSecret,
              authSecret: authConfigFromEnv().secret!,
              processes: gateway.processes,
            },
            writers,
            { connections: load.connections, durationSec: load.seconds },
          );
          results.push(result);
          console.log(` ${result.readsPerSecond} reads/s, ${result.stale} stale`);
        }
        const [off, on] = results as [MixedLoadResult, MixedLoadResult];
        const summary = {
          throughputCacheOnOverOff: Number((on.readsPerSecond / off.readsPerSecond).toFixed(2)),
          staleReads: off.stale + on.stale,
        };
        report.mixed = { results, ...summary };
        tables.push(
          `${mixedLoadTable(results)}\n\nThroughput, cache on ÷ off: ${summary.throughputCacheOnOverOff}; stale reads: ${summary.staleReads}`,
        );
      }
    } finally {
      await hub.stop();
    }
  }
  if (parts.has('scale')) {
    const points = await scaleBenchmark({ connections: load.connections, portOffset });
    report.scale = points;
    tables.push(scaleTable(points));
  }

  const file = path.join(outDir, `bench-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\n${tables.join('\n\n')}\n\nJSON: ${file}`);
} catch (error) {
  console.error(error);
  await stopAll();
  process.exitCode = 1;
}
