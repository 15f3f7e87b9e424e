import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the hub's processes, from /proc (Linux): each Node process by pid, and the
 * PostgreSQL backends serving the bench's databases, found by their process title
 * ("postgres: … <user> <database> <client> …") and attributed to the subgraph whose database
 * they serve. A backend that exits during a window takes its CPU time with it, so the pools keep
 * their connections during a window (they are busy), and PostgreSQL's figure is a lower bound.
 */

const TICKS_PER_SECOND = 100;

/** utime+stime of a process in seconds, and its resident memory; zeros once it has exited. */
export function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return { cpuSeconds: 0, rssBytes: 0 };
  }
}

/** The subgraph each PostgreSQL backend of the given databases serves, by the backend's pid. */
function postgresBackends(databases: Map<string, string>): Map<number, string> {
  const backends = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (!title.startsWith('postgres:')) continue;
    for (const word of title.split(' ')) {
      const owner = databases.get(word);
      if (owner) backends.set(Number(entry), owner);
    }
  }
  return backends;
}

export interface HubProcesses {
  /** The process serving the load (a gateway, the peer or the ideal client). */
  server: number;
  /** Subgraph process pid by subgraph name. */
  subgraphs: Record<string, number>;
  /** Database name by subgraph name, to attribute PostgreSQL backends. */
  databases: Record<string, string>;
}

export interface HubCpu {
  serverMs: number;
  /** Each subgraph's own process. */
  subgraphMs: Record<string, number>;
  /** The PostgreSQL backends of each subgraph's database. */
  postgresMs: Record<string, number>;
  /** Everything above summed. */
  totalMs: number;
}

/** Starts counting; the returned function gives the CPU each part used since, divided by `per`. */
export function startCpuWindow(hub: HubProcesses): (per: number) => HubCpu {
  const databaseOwners = new Map(Object.entries(hub.databases).map(([name, database]) => [database, name]));
  const subgraphNow = () =>
    Object.fromEntries(Object.entries(hub.subgraphs).map(([name, pid]) => [name, processUsage(pid).cpuSeconds]));
  const backendsNow = () =>
    new Map([...postgresBackends(databaseOwners)].map(([pid, owner]) => [pid, { owner, ...processUsage(pid) }]));
  const serverBefore = processUsage(hub.server).cpuSeconds;
  const subgraphsBefore = subgraphNow();
  const backendsBefore = backendsNow();
  return (per) => {
    const ms = (seconds: number) => Number(((seconds * 1000) / Math.max(per, 1)).toFixed(3));
    const serverMs = ms(processUsage(hub.server).cpuSeconds - serverBefore);
    const subgraphsAfter = subgraphNow();
    const subgraphMs = Object.fromEntries(
      Object.keys(hub.subgraphs).map((name) => [name, ms(subgraphsAfter[name]! - subgraphsBefore[name]!)]),
    );
    const postgresSeconds: Record<string, number> = Object.fromEntries(Object.keys(hub.databases).map((n) => [n, 0]));
    for (const [pid, { owner, cpuSeconds }] of backendsNow()) {
      postgresSeconds[owner]! += cpuSeconds - (backendsBefore.get(pid)?.cpuSeconds ?? 0);
    }
    const postgresMs = Object.fromEntries(Object.entries(postgresSeconds).map(([name, s]) => [name, ms(s)]));
    const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
    const totalMs = Number((serverMs + sum(subgraphMs) + sum(postgresMs)).toFixed(3));
    return { serverMs, subgraphMs, postgresMs, totalMs };
  };
}
