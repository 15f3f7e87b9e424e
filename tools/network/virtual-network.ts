import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A network of hosts on one machine: each host is a Linux network namespace with its own address,
 * joined to a bridge through a veth pair. This machine itself is on the bridge too, at `.1`, so
 * it can reach every host (as a client does the gateway). Needs root.
 *
 * Names are unique per run (`ln<random>`), so a leftover of an earlier run never collides. A
 * watchdog process, started first and in a session of its own, removes everything if this process
 * dies without doing so (even on SIGKILL): it kills every process in the namespaces, deletes them
 * and the bridge.
 */
export interface VirtualHost {
  name: string;
  namespace: string;
  address: string;
  /** The veth end on the bridge's side: down is a partition. */
  bridgePort: string;
}

export interface VirtualNetwork {
  /** A folder of this run's files (e.g. a database's), removed with the network. */
  scratchFolder: string;
  /** This machine's address on the bridge. */
  ownAddress: string;
  /** The network, e.g. `10.213.77.0/24`. */
  subnet: string;
  host(name: string): VirtualHost;
  /** The command that runs a program on `host`: `ip netns exec <namespace>`. */
  launcher(name: string): string[];
  /** Cuts the host off the network (its veth goes down); `heal` brings it back. */
  partition(name: string): Promise<void>;
  heal(name: string): Promise<void>;
  /** Stops every process on the hosts, removes the namespaces and the bridge. */
  remove(): Promise<void>;
}

const run = promisify(execFile);

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/** Why network namespaces cannot be made here, or null when they can. */
export function namespacesUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root (`ip netns add` as root)';
  const probe = `lnprobe${randomBytes(3).toString('hex')}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `\`ip netns add\` failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

/** A /24 in 10.200–254.x.0 that no route of this machine covers yet. */
function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const prefix = `10.${200 + Math.floor(Math.random() * 55)}.${Math.floor(Math.random() * 256)}`;
    if (!routes.includes(`${prefix}.`)) return prefix;
  }
  throw new Error('No free 10.x.y.0/24 subnet for the virtual network');
}

/**
 * A shell script that removes the network: the processes in its namespaces, the namespaces, the
 * veths, the bridge. A deleted namespace lives on while its sockets still retry (towards a
 * partitioned host, for minutes), and its veth with it, so the veths are deleted explicitly.
 */
function removalScript(hosts: VirtualHost[], bridge: string, scratchFolder: string): string {
  const namespaces = hosts.map((host) => host.namespace);
  return [
    ...namespaces.map((ns) => `ip netns pids ${ns} 2>/dev/null | xargs -r kill -TERM 2>/dev/null`),
    'sleep 1',
    ...namespaces.map(
      (ns) => `ip netns pids ${ns} 2>/dev/null | xargs -r kill -KILL 2>/dev/null; ip netns del ${ns} 2>/dev/null`,
    ),
    ...hosts.map((host) => `ip link del ${host.bridgePort} 2>/dev/null`),
    `ip link del ${bridge} 2>/dev/null`,
    `rm -rf '${scratchFolder}'`,
    'true',
  ].join('\n');
}

/** Makes a host per name, each with its own namespace and address. */
export async function createVirtualNetwork(names: string[]): Promise<VirtualNetwork> {
  const id = `ln${randomBytes(3).toString('hex')}`;
  const prefix = freeSubnet();
  const bridge = `${id}br`;
  const hosts = new Map<string, VirtualHost>(
    names.map((name, index) => [
      name,
      { name, namespace: `${id}-${name}`, address: `${prefix}.${10 + index}`, bridgePort: `${id}v${index}` },
    ]),
  );
  const scratchFolder = mkdtempSync(path.join(tmpdir(), `loftesnavet-${id}-`));
  chmodSync(scratchFolder, 0o711); // so a process running as another user (PostgreSQL) reaches its own folder inside
  const removal = removalScript([...hosts.values()], bridge, scratchFolder);

  // The watchdog outlives this process: it waits for it to end, then removes what is left.
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done\n${removal}`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();

  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await run('sh', ['-c', removal]);
    if (watchdog.exitCode === null) watchdog.kill();
  };

  try {
    await ip('link', 'add', bridge, 'type', 'bridge');
    await ip('addr', 'add', `${prefix}.1/24`, 'dev', bridge);
    await ip('link', 'set', bridge, 'up');
    for (const host of hosts.values()) {
      await ip('netns', 'add', host.namespace);
      await ip('link', 'add', host.bridgePort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace);
      await ip('link', 'set', host.bridgePort, 'master', bridge, 'up');
      await ip('-n', host.namespace, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0');
      await ip('-n', host.namespace, 'link', 'set', 'eth0', 'up');
      await ip('-n', host.namespace, 'link', 'set', 'lo', 'up');
    }
  } catch (error) {
    await remove();
    throw error;
  }

  const host = (name: string) => {
    const found = hosts.get(name);
    if (!found) throw new Error(`No host ${name} in the virtual network`);
    return found;
  };
  return {
    scratchFolder,
    ownAddress: `${prefix}.1`,
    subnet: `${prefix}.0/24`,
    host,
    launcher: (name) => ['ip', 'netns', 'exec', host(name).namespace],
    partition: (name) => ip('link', 'set', host(name).bridgePort, 'down'),
    heal: (name) => ip('link', 'set', host(name).bridgePort, 'up'),
    remove,
  };
}
