import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { region } from '../domain/region.js';
import { builds } from '../scripts/build-if-changed.js';
import { projectRoot } from '../server/project-root.js';

/**
 * Measures `npm start` as a newcomer meets it: a first start on an empty data folder that also
 * builds the web pages and the hub bundle (their build stamps are removed first, see
 * build-if-changed.ts), then restarts over the data it made, which skip the builds. For each
 * start: seconds until the hub says it is running (in all, and from the moment the hub itself
 * starts, after the builds), and the memory of the whole hub, npm and the supervisor included,
 * sampled after a few regional queries, two ways: the sum of every process's resident set
 * (VmRSS: a page shared by several processes, such as Node's code or PostgreSQL's shared memory,
 * counts once per process), and the sum of their proportional set sizes (Pss: each shared page
 * split among its sharers, so the sum is what the hub takes from the machine). Run as root on a
 * machine with cgroups' memory controller, it also starts the hub in a cgroup of its own and
 * reports the kernel's own count of the hub's memory (see `CgroupMemory`). Prints one JSON object.
 *
 *   npx tsx tools/measure-start.ts [--port-offset 300] [--restarts 2] [--data-root DIR] [--keep]
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
  /** From the hub's first line (after the builds) to the same line. */
  hubSeconds: number;
  /** Sum of VmRSS over the hub's process tree, in MiB (shared pages once per process), the highest of a few samples. */
  rssSumMiB: number;
  /** Sum of the proportional set size (Pss) over the same processes, in MiB (shared pages once in all), at the same sample. */
  pssSumMiB: number;
  processes: number;
  /** Of `rssSumMiB`, the embedded PostgreSQL server's processes. */
  postgresRssMiB: number;
  /** Of `pssSumMiB`, the embedded PostgreSQL server's processes. */
  postgresPssMiB: number;
  /** The kernel's count, when the hub ran in a cgroup of its own (root only). */
  cgroup?: CgroupMemory | undefined;
  /** The largest processes, by command line, in MiB. */
  largest: { command: string; rssMiB: number }[];
}

/**
 * A cgroup's memory as the kernel charges it, in MiB: `total` is everything charged to it,
 * `anonymous` its processes' own memory (heaps, stacks), `shared` shared memory (PostgreSQL's),
 * and `pageCache` files read or written (code, data files), which the kernel takes back when memory
 * is short. A page a process outside the cgroup read first (Node's binary, say) is not charged.
 */
interface CgroupMemory {
  total: number;
  anonymous: number;
  shared: number;
  pageCache: number;
}

/** The memory controller's folder: cgroup v2's unified tree, or v1's memory hierarchy; none unless root. */
function memoryCgroupRoot(): { folder: string; version: 1 | 2 } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const folder of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const controllers = path.join(folder, 'cgroup.subtree_control');
    if (existsSync(controllers) && readFileSync(controllers, 'utf8').includes('memory')) return { folder, version: 2 };
  }
  return existsSync('/sys/fs/cgroup/memory/memory.usage_in_bytes')
    ? { folder: '/sys/fs/cgroup/memory', version: 1 }
    : undefined;
}

function cgroupMemory(folder: string, version: 1 | 2): CgroupMemory {
  const stat = Object.fromEntries(
    readFileSync(path.join(folder, 'memory.stat'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
  const mib = (bytes: string | undefined) => Math.round(Number(bytes ?? 0) / 1024 / 1024);
  const total = readFileSync(path.join(folder, version === 2 ? 'memory.current' : 'memory.usage_in_bytes'), 'utf8');
  return version === 2
    ? {
        total: mib(total),
        anonymous: mib(stat.anon),
        shared: mib(stat.shmem),
        pageCache: mib(stat.file) - mib(stat.shmem),
      }
    : {
        total: mib(total),
        anonymous: mib(stat.rss),
        shared: mib(stat.shmem),
        pageCache: mib(stat.cache) - mib(stat.shmem),
      };
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
  const cgroupRoot = memoryCgroupRoot();
  const cgroup = cgroupRoot && path.join(cgroupRoot.folder, `loftesnavet-measure-${process.pid}`);
  if (cgroup) mkdirSync(cgroup, { recursive: true });
  // In a cgroup, the shell puts itself in it, then becomes npm: every process of the hub is in it from the start.
  const npm = spawn(
    cgroup ? 'sh' : 'npm',
    cgroup ? ['-c', `echo $$ > ${cgroup}/cgroup.procs && exec npm start`] : ['start'],
    {
      cwd: projectRoot,
      env: { ...process.env, PORT_OFFSET: String(portOffset), DATA_ROOT: dataRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
  let best: { byPid: { pid: number; rss: number; pss: number }[]; rss: number; cgroup?: CgroupMemory } = {
    byPid: [],
    rss: 0,
  };
  for (let sample = 0; sample < 5; sample += 1) {
    const byPid = processTree(npm.pid!).map((pid) => ({ pid, rss: memoryMiB(pid, 'rss'), pss: memoryMiB(pid, 'pss') }));
    const rss = sumOf(byPid, 'rss');
    if (rss > best.rss) best = { byPid, rss, ...(cgroup && { cgroup: cgroupMemory(cgroup, cgroupRoot!.version) }) };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const largest = [...best.byPid]
    .sort((a, b) => b.rss - a.rss)
    .slice(0, 10)
    .map(({ pid, rss, pss }) => ({ command: commandLine(pid), rssMiB: Math.round(rss), pssMiB: Math.round(pss) }));
  const postgres = best.byPid.filter(({ pid }) => /^postgres|\/postgres /.test(commandLine(pid)));
  npm.kill('SIGTERM');
  const code = await exited;
  if (cgroup) await removeCgroup(cgroup);
  if (code !== 0) throw new Error(`npm start stopped with ${code}:\n${output.slice(-30).join('\n')}`);
  return {
    totalSeconds: round((ready - started) / 1000),
    hubSeconds: round((ready - hubStarted) / 1000),
    rssSumMiB: Math.round(best.rss),
    pssSumMiB: Math.round(sumOf(best.byPid, 'pss')),
    processes: best.byPid.length,
    postgresRssMiB: Math.round(sumOf(postgres, 'rss')),
    postgresPssMiB: Math.round(sumOf(postgres, 'pss')),
    cgroup: best.cgroup,
    largest,
  };
}

/** Removes the cgroup once the hub's last process (the database server stops last) has left it. */
async function removeCgroup(folder: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (!readFileSync(path.join(folder, 'cgroup.procs'), 'utf8').trim()) return rmdirSync(folder);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${folder} still holds processes after the hub stopped`);
}

const round = (value: number) => Math.round(value * 100) / 100;
const sumOf = (processes: { rss: number; pss: number }[], measure: 'rss' | 'pss') =>
  processes.reduce((sum, memory) => sum + memory[measure], 0);

try {
  for (const target of builds) rmSync(path.join(projectRoot, `${target.output}.build-stamp.json`), { force: true });
  const first = await measureOneStart();
  const restarts: StartMeasurement[] = [];
  for (let i = 0; i < Number(values.restarts); i += 1) restarts.push(await measureOneStart());
  console.log(JSON.stringify({ dataRoot, portOffset, first, restarts }, null, 2));
} finally {
  if (!values.keep && !values['data-root']) rmSync(dataRoot, { recursive: true, force: true });
}
