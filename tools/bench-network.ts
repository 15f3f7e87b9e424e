import { parseArgs } from 'node:util';
import { percentile } from './bench/closed-loop.js';
import { startMultiHostRegion } from './network/multi-host-region.js';
import { namespacesUnavailable } from './network/virtual-network.js';

/**
 * `npm run bench:network` (root only): the region with every party on its own host
 * (tools/network/multi-host-region.ts), and the regional query's latency at 0, 10 and 40 ms
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

// The round-trip times take turns request by request, so a change in the machine's load (other
// work on its cores) falls on each of them alike.
const latencies = new Map<number, number[]>(roundTripTimes.map((rtt) => [rtt, []]));
let errors = 0;
try {
  for (let i = 0; i < WARM_UP_REQUESTS; i += 1) await timedRequest();
  for (let i = 0; i < requests; i += 1) {
    for (const rtt of roundTripTimes) {
      await region.setAllLinks({ delayMs: rtt / 2, jitterMs: 0 });
      const { ms, failed } = await timedRequest();
      latencies.get(rtt)!.push(ms);
      if (failed) errors += 1;
    }
  }
} finally {
  await stop();
}
const round = (ms: number) => Math.round(ms * 10) / 10;
const p50 = (rtt: number) => percentile(latencies.get(rtt)!, 50);
for (const measured of latencies.values()) measured.sort((a, b) => a - b);
const rows = roundTripTimes.map(
  (rtt) =>
    `| ${rtt} | ${3 * rtt} | ${round(p50(rtt))} | ${round(percentile(latencies.get(rtt)!, 95))} | ${round(p50(rtt) - p50(roundTripTimes[0]!))} | ${requests} |`,
);
console.log(
  [
    '',
    `| RTT per link ms | 3 sequential round trips ms | p50 ms | p95 ms | p50 − p50 at ${roundTripTimes[0]} ms | requests |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Answers with errors: ${errors}`,
  ].join('\n'),
);
