import { Pool } from 'undici';
import { signDevelopmentToken } from '../../server/auth.js';
import { SIGNATURE_EXTENSION, subgraphSignature } from '../../server/subgraph-signature.js';
import { percentile, round } from './closed-loop.js';
import { type HubCpu, type HubProcesses, startCpuWindow } from './hub-cpu.js';
import { citizenReportQuery, standardQueries } from './queries.js';

/**
 * The mixed load: anonymous reads of the regional view, one kommun and a citizen report (one
 * third each, `connections` clients in a closed loop), while two writers each change, once a
 * second, a value every one of those reads shows:
 *
 * - through the gateway, an editor of Umeå renames the promise 2480-ml-2023
 *   (its title ends in `[bench-gateway-write <n>]`);
 * - straight to Umeå's subgraph, signed with the gateway's credential (SUBGRAPH_SECRET) as an
 *   operator's tool would, the same editor rewrites the text of its first commitment
 *   (`[bench-direct-write <n>]`).
 *
 * Every write's send and acknowledgement times are logged, and every read's send time. The
 * staleness rule: a read is stale if, for either writer, it shows an older value than the last
 * write acknowledged before the read was sent (it may show a newer one, from a write still in
 * flight). A read that fails or lacks the values counts as an error.
 */

const PROMISE_ID = '2480-ml-2023';
const COMMITMENT_ID = '2480-ml-2023-c1';
const readKinds = {
  regional: standardQueries.regional,
  'one kommun': standardQueries['one kommun'],
  'citizen report': citizenReportQuery,
} as const;
type ReadKind = keyof typeof readKinds;

export interface WriteRecord {
  n: number;
  sentAt: number;
  ackAt: number;
}

export interface ReadRecord {
  kind: ReadKind;
  sentAt: number;
  receivedAt: number;
  /** The value each writer's marker had in the answer; null when the answer failed or lacks it. */
  seen: Record<WriterName, number | null>;
}

type WriterName = 'gateway' | 'direct';
const markers: Record<WriterName, RegExp> = {
  gateway: /\[bench-gateway-write (\d+)\]/,
  direct: /\[bench-direct-write (\d+)\]/,
};
const withMarker = (text: string, writer: WriterName, n: number) =>
  `${text.replace(/ \[bench-\w+-write \d+\]$/, '')} [bench-${writer}-write ${n}]`;
/** The marker's value in an answer: 0 for the seeded text (no write yet), null if the record is not in it. */
function seenValue(body: string, writer: WriterName, baseText: string): number | null {
  const match = markers[writer].exec(body);
  if (match) return Number(match[1]);
  return body.includes(JSON.stringify(baseText).slice(1, -1)) ? 0 : null;
}

/** The writers' state, kept across runs so the counters only grow. */
export interface MixedLoadWriters {
  gateway: { n: number; version: number; baseText: string };
  direct: { n: number; version: number; baseText: string };
}

export interface MixedLoadResult {
  gateway: string;
  durationSec: number;
  reads: number;
  readsPerSecond: number;
  latencyMs: { p50: number; p95: number };
  byKind: Record<ReadKind, { reads: number; p50Ms: number }>;
  writes: Record<WriterName, { acknowledged: number; failed: number }>;
  stale: number;
  /** Up to five stale reads, for the report. */
  staleExamples: { kind: ReadKind; writer: WriterName; seen: number | null; acknowledgedBefore: number }[];
  errors: number;
  cpuPerRead: HubCpu;
}

interface MixedLoadTarget {
  name: string;
  gatewayUrl: string;
  /** Umeå's subgraph, for the direct writes. */
  kommunUrl: string;
  subgraphSecret: string;
  authSecret: string;
  processes: HubProcesses;
}

async function post(
  pool: Pool,
  path: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

function signed(secret: string, query: string, variables: Record<string, unknown>) {
  return { query, variables, extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(secret, { query, variables }) } };
}

/** Reads the two records the writers change, straight from Umeå's subgraph, for their versions and texts. */
export async function prepareWriters(kommunUrl: string, subgraphSecret: string): Promise<MixedLoadWriters> {
  const url = new URL(kommunUrl);
  const pool = new Pool(url.origin);
  try {
    const query = `query ($id: ID!) { umea { promise(id: $id) { title version commitments { id text version } } } }`;
    const { text } = await post(pool, url.pathname, signed(subgraphSecret, query, { id: PROMISE_ID }));
    const promise = (
      JSON.parse(text) as {
        data: {
          umea: {
            promise: { title: string; version: number; commitments: { id: string; text: string; version: number }[] };
          };
        };
      }
    ).data.umea.promise;
    const commitment = promise.commitments.find((c) => c.id === COMMITMENT_ID)!;
    return {
      gateway: { n: 0, version: promise.version, baseText: promise.title },
      direct: { n: 0, version: commitment.version, baseText: commitment.text },
    };
  } finally {
    await pool.close();
  }
}

export async function runMixedLoad(
  target: MixedLoadTarget,
  writers: MixedLoadWriters,
  { connections, durationSec }: { connections: number; durationSec: number },
): Promise<MixedLoadResult> {
  const gatewayUrl = new URL(target.gatewayUrl);
  const kommunUrl = new URL(target.kommunUrl);
  const readers = new Pool(gatewayUrl.origin, { connections });
  const writePools = { gateway: new Pool(gatewayUrl.origin), direct: new Pool(kommunUrl.origin) };
  const token = await signDevelopmentToken(
    { subject: 'bench-editor@umea', organisation: 'umea', role: 'editor' },
    target.authSecret,
    '1h',
  );
  const authorization = `Bearer ${token}`;

  const writeLogs: Record<WriterName, WriteRecord[]> = { gateway: [], direct: [] };
  // What earlier runs acknowledged still counts: no read may show less.
  const floors = { gateway: writers.gateway.n, direct: writers.direct.n };
  const failedWrites: Record<WriterName, number> = { gateway: 0, direct: 0 };
  async function write(writer: WriterName): Promise<void> {
    const state = writers[writer];
    const n = state.n + 1;
    const text = withMarker(state.baseText, writer, n);
    const sentAt = performance.now();
    const { text: answer } =
      writer === 'gateway'
        ? await post(
            writePools.gateway,
            gatewayUrl.pathname,
            {
              query:
                'mutation ($id: ID!, $v: Int!, $title: String!) { umea { updatePromise(id: $id, expectedVersion: $v, input: { title: $title }) { version } } }',
              variables: { id: PROMISE_ID, v: state.version, title: text },
            },
            { authorization },
          )
        : await post(
            writePools.direct,
            kommunUrl.pathname,
            signed(
              target.subgraphSecret,
              'mutation ($id: ID!, $v: Int!, $text: String!) { umea { updateCommitment(id: $id, expectedVersion: $v, input: { text: $text }) { version } } }',
              { id: COMMITMENT_ID, v: state.version, text },
            ),
            { authorization },
          );
    const ackAt = performance.now();
    const result = JSON.parse(answer) as { data?: { umea: Record<string, { version: number }> }; errors?: unknown };
    const changed = result.data && !result.errors ? Object.values(result.data.umea)[0] : undefined;
    if (!changed) {
      failedWrites[writer] += 1;
      return;
    }
    state.n = n;
    state.version = changed.version;
    writeLogs[writer].push({ n, sentAt, ackAt });
  }

  const reads: ReadRecord[] = [];
  async function readLoop(until: number, record: boolean, offset: number): Promise<void> {
    const kinds = Object.keys(readKinds) as ReadKind[];
    for (let i = offset; performance.now() < until; i += 1) {
      const kind = kinds[i % kinds.length]!;
      const sentAt = performance.now();
      let seen: ReadRecord['seen'] = { gateway: null, direct: null };
      try {
        const { status, text } = await post(readers, gatewayUrl.pathname, { query: readKinds[kind] });
        if (status === 200 && !text.includes('"errors"')) {
          seen = {
            gateway: seenValue(text, 'gateway', writers.gateway.baseText),
            direct: seenValue(text, 'direct', writers.direct.baseText),
          };
        }
      } catch {
        // Counted as an error below: nothing was seen.
      }
      if (record) reads.push({ kind, sentAt, receivedAt: performance.now(), seen });
    }
  }

  // Warm-up: reads only, not counted.
  const warmUpUntil = performance.now() + 2000;
  await Promise.all(Array.from({ length: connections }, (_, c) => readLoop(warmUpUntil, false, c)));

  const cpuWindow = startCpuWindow(target.processes);
  const startedAt = performance.now();
  const until = startedAt + durationSec * 1000;
  const writeLoop = async (writer: WriterName, phaseMs: number) => {
    for (let tick = 0; ; tick += 1) {
      const due = startedAt + phaseMs + tick * 1000;
      if (due >= until) return;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await write(writer);
    }
  };
  await Promise.all([
    ...Array.from({ length: connections }, (_, c) => readLoop(until, true, c)),
    writeLoop('gateway', 0),
    writeLoop('direct', 500),
  ]);
  const elapsedSec = (performance.now() - startedAt) / 1000;
  const cpuPerRead = cpuWindow(reads.length);
  await Promise.all([readers.close(), writePools.gateway.close(), writePools.direct.close()]);

  const check = checkStaleness(reads, writeLogs, floors);
  const latencies = (of: ReadRecord[]) => of.map((r) => r.receivedAt - r.sentAt).sort((a, b) => a - b);
  const all = latencies(reads);
  return {
    gateway: target.name,
    durationSec: round(elapsedSec, 1),
    reads: reads.length,
    readsPerSecond: round(reads.length / elapsedSec, 1),
    latencyMs: { p50: round(percentile(all, 50)), p95: round(percentile(all, 95)) },
    byKind: Object.fromEntries(
      (Object.keys(readKinds) as ReadKind[]).map((kind) => {
        const ofKind = reads.filter((r) => r.kind === kind);
        return [kind, { reads: ofKind.length, p50Ms: round(percentile(latencies(ofKind), 50)) }];
      }),
    ) as MixedLoadResult['byKind'],
    writes: {
      gateway: { acknowledged: writeLogs.gateway.length, failed: failedWrites.gateway },
      direct: { acknowledged: writeLogs.direct.length, failed: failedWrites.direct },
    },
    ...check,
    cpuPerRead,
  };
}

/** The checker: every read against the write logs, by the rule in this file's comment. */
export function checkStaleness(
  reads: ReadRecord[],
  writeLogs: Record<WriterName, WriteRecord[]>,
  floors: Record<WriterName, number>,
): Pick<MixedLoadResult, 'stale' | 'staleExamples' | 'errors'> {
  let stale = 0;
  let errors = 0;
  const staleExamples: MixedLoadResult['staleExamples'] = [];
  for (const read of reads) {
    if (read.seen.gateway === null || read.seen.direct === null) {
      errors += 1;
      continue;
    }
    let isStale = false;
    for (const writer of ['gateway', 'direct'] as const) {
      // The writers are sequential, so a later acknowledgement carries a higher n.
      const acknowledgedBefore = writeLogs[writer].findLast((w) => w.ackAt < read.sentAt)?.n ?? floors[writer];
      if (read.seen[writer]! < acknowledgedBefore) {
        isStale = true;
        if (staleExamples.length < 5)
          staleExamples.push({ kind: read.kind, writer, seen: read.seen[writer], acknowledgedBefore });
      }
    }
    if (isStale) stale += 1;
  }
  return { stale, staleExamples, errors };
}

export function mixedLoadTable(results: MixedLoadResult[]): string {
  const kinds = Object.keys(readKinds) as ReadKind[];
  return [
    `| gateway | reads/s | p50 ms | p95 ms | ${kinds.map((k) => `${k} reads (p50 ms)`).join(' | ')} | writes acknowledged: via gateway, direct (failed) | stale reads | errors | CPU ms/read: gateway | whole hub |`,
    `|---|---|---|---|${kinds.map(() => '---|').join('')}---|---|---|---|---|`,
    ...results.map(
      (r) =>
        `| ${r.gateway} | ${r.readsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${kinds.map((k) => `${r.byKind[k].reads} (${r.byKind[k].p50Ms})`).join(' | ')} | ${r.writes.gateway.acknowledged}, ${r.writes.direct.acknowledged} (${r.writes.gateway.failed + r.writes.direct.failed}) | ${r.stale} | ${r.errors} | ${r.cpuPerRead.serverMs} | ${r.cpuPerRead.totalMs} |`,
    ),
  ].join('\n');
}
