import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { region } from '../domain/region.js';
import { projectRoot } from '../server/project-root.js';

/**
 * Measures `npm start` as a newcomer meets it: a first start on an empty data folder, then
 * restarts over the data it made. For each start: seconds until the hub says it is running
 * (in all, and from the moment the hub itself starts, after the web build), and the memory of
 * the whole hub — the sum of the resident set (VmRSS) of every process in its tree, npm and the
 * supervisor included — sampled after a few regional queries. Prints one JSON object.
 *
 *   npx tsx scripts/measure-start.ts [--port-offset 300] [--restarts 2] [--data-root DIR] [--keep]
 *
 * Linux only (reads /proc). Uses a fresh folder under the system's temp folder unless --data-root
 * is given (then its contents are used as they are: not a first start if it holds data).
 */
const { values } = parseArgs({
  options: {
    'port-offset': { type: 'string', default: '300' },
    restarts: { type: 'string', default: '2' },
    'data-root': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const portOffset = Number(values['port-offset']);
const dataRoot = values['data-root'] ?? mkdtempSync(path.join(tmpdir(), 'loftesnavet-measure-'));
const gatewayUrl = `http://localhost:${region.gatewayPort + portOffset}/graphql`;
const regionalQuery =
  '{ localPoliceArea(id: "umea") { municipalities { code name promises { title commitments { text policeActivities { kind date } } } } } }';

interface StartMeasurement {
  /** From spawning `npm start` to "Ctrl-C stops everything." */
  totalSeconds: number;
  /** From the hub's first line (after the web build) to the same line. */
  hubSeconds: number;
  /** Sum of VmRSS over the hub's process tree, in MiB, the highest of a few samples. */
  rssMiB: number;
  /** Sum of the proportional set size (Pss) over the same processes, in MiB, at the same sample. */
  pssMiB: number;
  processes: number;
  /** Of `rssMiB`, the embedded PostgreSQL server's processes. */
  postgresMiB: number;
  /** The largest processes, by command line, in MiB. */
  largest: { command: string; rssMiB: number }[];
}

/** Every process under `rootPid` (itself included), from /proc. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Ended meanwhile.
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/**
 * A process's memory in MiB from /proc: `VmRSS` of `status` (resident set), or `Pss` of
 * `smaps_rollup` (proportional set: shared pages, such as the server's shared memory and Node's
 * code, split among the processes sharing them). 0 if the process has ended.
 */
function memoryMiB(pid: number, measure: 'rss' | 'pss'): number {
  const [file, field] = measure === 'rss' ? ['status', 'VmRSS'] : ['smaps_rollup', 'Pss'];
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 120);
  } catch {
    return '?';
  }
}

async function measureOneStart(): Promise<StartMeasurement> {
  const started = performance.now();
  let hubStarted = started;
  const npm = spawn('npm', ['start'], {
    cwd: projectRoot,
    env: { ...process.env, PORT_OFFSET: String(portOffset), DATA_ROOT: dataRoot },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    for (const stream of [npm.stdout, npm.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (hubStarted === started && line.startsWith('Starting ')) hubStarted = performance.now();
        if (line === 'Ctrl-C stops everything.') resolve();
      });
    }
    void exited.then((code) => reject(new Error(`npm start exited (${code}):\n${output.join('\n')}`)));
  });
  const ready = performance.now();
  for (let i = 0; i < 20; i += 1) {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: regionalQuery }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`The regional query failed: ${JSON.stringify(body.errors)}`);
  }
  let best: { total: number; byPid: [number, number][]; pss: number } = { total: 0, byPid: [], pss: 0 };
  for (let sample = 0; sample < 5; sample += 1) {
    const byPid = processTree(npm.pid!).map((pid) => [pid, memoryMiB(pid, 'rss')] as [number, number]);
    const total = byPid.reduce((sum, [, rss]) => sum + rss, 0);
    if (total > best.total) {
      best = { total, byPid, pss: byPid.reduce((sum, [pid]) => sum + memoryMiB(pid, 'pss'), 0) };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const largest = [...best.byPid]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([pid, rss]) => ({ command: commandLine(pid), rssMiB: Math.round(rss) }));
  const postgresMiB = best.byPid
    .filter(([pid]) => /^postgres|\/postgres /.test(commandLine(pid)))
    .reduce((sum, [, rss]) => sum + rss, 0);
  npm.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`npm start stopped with ${code}:\n${output.slice(-30).join('\n')}`);
  return {
    totalSeconds: round((ready - started) / 1000),
    hubSeconds: round((ready - hubStarted) / 1000),
    rssMiB: Math.round(best.total),
    pssMiB: Math.round(best.pss),
    processes: best.byPid.length,
    postgresMiB: Math.round(postgresMiB),
    largest,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

try {
  const first = await measureOneStart();
  const restarts: StartMeasurement[] = [];
  for (let i = 0; i < Number(values.restarts); i += 1) restarts.push(await measureOneStart());
  console.log(JSON.stringify({ dataRoot, portOffset, first, restarts }, null, 2));
} finally {
  if (!values.keep && !values['data-root']) rmSync(dataRoot, { recursive: true, force: true });
}
