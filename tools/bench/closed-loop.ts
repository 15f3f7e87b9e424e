import autocannon from 'autocannon';
import { opsPortFor } from '../../server/process-settings.js';
import { type HubCpu, type HubProcesses, processUsage, startCpuWindow } from './hub-cpu.js';

/** One query under closed-loop load (autocannon), with the CPU every process of the hub used for it. */
export interface Measurement {
  target: string;
  query: string;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  errors: number;
  errorKinds: { transport: number; non2xx: number; wrongBody: number; timeouts: number };
  /** CPU ms per request: the serving process, each subgraph, PostgreSQL per subgraph, and all summed. */
  cpuPerRequest: HubCpu;
  rssMiB: number;
  sqlStatementsPerRequest: Record<string, number>;
}

export interface Target {
  name: string;
  url: string;
  /** The serving process and the hub behind it. */
  processes: HubProcesses;
  /** Subgraph URLs by name, for their SQL statement counters. */
  subgraphUrls: Record<string, string>;
}

/** The p-th percentile (nearest rank) of ascending numbers; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

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

/**
 * Closed-loop load: `connections` clients, each sending the next request when the last is
 * answered, for `seconds` after a 2-second warm-up — or, when `amount` is given, until that many
 * requests were answered (for answers that take seconds each). Every answer must equal the first.
 */
export async function measure(
  target: Target,
  queryName: string,
  body: string,
  { connections, seconds, amount }: { connections: number; seconds: number; amount?: number | undefined },
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
  const cpuWindow = startCpuWindow(target.processes);
  const sqlBefore = await sqlStatements(target.subgraphUrls);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { ...request, connections, ...(amount ? { amount } : { duration: seconds }), expectBody: expected },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const requests = result.requests.total;
  const cpuPerRequest = cpuWindow(requests);
  const sqlAfter = await sqlStatements(target.subgraphUrls);
  latencies.sort((a, b) => a - b);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
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
    cpuPerRequest,
    rssMiB: round(processUsage(target.processes.server).rssBytes / 2 ** 20, 1),
    sqlStatementsPerRequest: Object.fromEntries(
      Object.keys(sqlAfter).map((name) => [
        name,
        round((sqlAfter[name]! - sqlBefore[name]!) / Math.max(requests, 1), 2),
      ]),
    ),
  };
}
