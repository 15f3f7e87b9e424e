import { parseArgs } from 'node:util';
import { percentile } from './bench/percentile.js';
import { startMultiHostRegion } from './network/multi-host-region.js';
import { namespacesUnavailable } from './network/virtual-network.js';

/**
 * `npm run bench:network` (root only): the region with every party on its own host
 * (scripts/network/multi-host-region.ts), and the regional query's latency at 0, 10 and 40 ms
 * round-trip time on every link from the gateway to a subgraph (half of it each way, added by the
 * links' fault proxies). One client, each request sent when the last is answered, so the figures
 * show the round trips, not queueing. Prints a Markdown table.
 * Options: --requests <n> per round-trip time (100), --rtt <ms,ms,...> (0,10,40).
 */
const { values: options } = parseArgs({
  options: { requests: { type: 'string', default: '100' }, rtt: { type: 'string', default: '0,10,40' } },
});
const requests = Number(options.requests);
const roundTripTimes = options.rtt.split(',').map(Number);
const WARM_UP_REQUESTS = 10;

// The regional query of `npm run bench`: three sequential steps (police area → the six kommuner → police activities).
const regionalQuery = `{ localPoliceArea(id: "umea") { name municipalities { code name promises {
  title period { start end } commitments { text responsible policeActivities { kind date } } } } } }`;

const unavailable = namespacesUnavailable();
if (unavailable) {
  console.error(`The network benchmark needs network namespaces: ${unavailable}`);
  process.exit(1);
}

console.log('Starting the region, every party on its own host...');
const region = await startMultiHostRegion({ subgraphTimeoutMs: 10_000 });
const stop = () => region.stop();
process.once('SIGINT', () => void stop().finally(() => process.exit(130)));

async function timedRequest(): Promise<{ ms: number; failed: boolean }> {
  const started = performance.now();
  const response = await fetch(region.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: regionalQuery }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  return { ms: performance.now() - started, failed: !response.ok || body.errors !== undefined };
}

const rows: string[] = [];
try {
  for (const rtt of roundTripTimes) {
    await region.setAllLinks({ delayMs: rtt / 2, jitterMs: 0 });
    for (let i = 0; i < WARM_UP_REQUESTS; i += 1) await timedRequest();
    const latencies: number[] = [];
    let errors = 0;
    for (let i = 0; i < requests; i += 1) {
      const { ms, failed } = await timedRequest();
      latencies.push(ms);
      if (failed) errors += 1;
    }
    latencies.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const row = `| ${rtt} | ${3 * rtt} | ${round(percentile(latencies, 50))} | ${round(percentile(latencies, 95))} | ${requests} | ${errors} |`;
    console.log(row);
    rows.push(row);
  }
} finally {
  await stop();
}
console.log(
  [
    '',
    '| RTT per link ms | 3 sequential round trips ms | p50 ms | p95 ms | requests | errors |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
