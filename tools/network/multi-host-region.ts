import { randomBytes } from 'node:crypto';
import { region as defaultRegion, type Region, subgraphName, subgraphUrlVariable } from '../../domain/region.js';
import { launchProcess, type RunningProcess } from '../../scripts/processes.js';
import { withPostgresClient } from '../../server/database.js';
import type { FaultProxyStats, FaultsChange, LinkFaults } from './fault-proxy.js';
import type { FaultProxyCommand } from './fault-proxy-host.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';
import { createVirtualNetwork, type VirtualNetwork } from './virtual-network.js';

/**
 * The region as it runs in real use, on one machine: the gateway, the police subgraph, each kommun
 * subgraph and a PostgreSQL server each on a host of their own (a network namespace, see
 * virtual-network.ts), every party a separate process over its own database on that server. The
 * gateway reaches each subgraph through a fault proxy on its own host (fault-proxy-host.ts), one
 * per link, so every link's delay and faults can be set while the region runs. The police
 * subgraph reaches the kommuner directly, for the commitment check.
 */
export interface MultiHostRegion {
  network: VirtualNetwork;
  /** The gateway's URL, reachable from this machine across the bridge. */
  gatewayUrl: string;
  /** A party's database (by subgraph name), reachable from this machine. */
  databaseUrl(subgraph: string): string;
  /** Changes the faults on the gateway's link to one subgraph; returns what the link now does. */
  setLink(subgraph: string, change: FaultsChange): Promise<LinkState>;
  /** Resets every open connection on the gateway's link to one subgraph. */
  resetLink(subgraph: string): Promise<LinkState>;
  linkState(subgraph: string): Promise<LinkState>;
  /** The same change on every link of the gateway. */
  setAllLinks(change: FaultsChange): Promise<void>;
  /** Takes a party's host off the network (its veth goes down), or puts it back. */
  partition(subgraph: string): Promise<void>;
  heal(subgraph: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LinkState {
  faults: LinkFaults;
  stats: FaultProxyStats;
}

export interface MultiHostRegionOptions {
  region?: Region;
  /** The gateway's SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeoutMs: number;
  /** Each line the processes print (default: none; warnings and errors only are logged). */
  onLine?: (line: string) => void;
}

/** Starts a process and waits for its ready line, or fails with what it printed. */
async function started(part: RunningProcess, output: string[]): Promise<RunningProcess> {
  try {
    await part.ready;
    return part;
  } catch (error) {
    throw new Error(`${String(error)}\n${output.filter((line) => line.startsWith(`[${part.label}]`)).join('\n')}`);
  }
}

export async function startMultiHostRegion(options: MultiHostRegionOptions): Promise<MultiHostRegion> {
  const region = options.region ?? defaultRegion;
  const parties = [...region.kommuner, region.policeArea];
  const names = parties.map(subgraphName);
  const network = await createVirtualNetwork(['postgres', 'gateway', ...names]);
  const processes: RunningProcess[] = [];
  const output: string[] = [];
  let postgres: ThrowawayPostgres | undefined;
  const stop = async () => {
    await Promise.all(processes.map((part) => part.stop()));
    await postgres?.stop();
    await network.remove();
  };

  try {
    postgres = await startThrowawayPostgres({
      launcher: network.launcher('postgres'),
      address: network.host('postgres').address,
      trustedSubnet: network.subnet,
      parentFolder: network.scratchFolder,
    });
    const serverUrl = postgres.serverUrl;
    const databaseUrl = (name: string) => `${serverUrl}/${name.replace(/\W/g, '_')}`;
    await withPostgresClient(`${serverUrl}/postgres`, async (client) => {
      for (const name of names) await client.query(`CREATE DATABASE "${name.replace(/\W/g, '_')}"`);
    });

    // The fault proxies' process answers each command with a JSON line carrying the command's id.
    let proxyPorts: Record<string, number> = {};
    const waiting = new Map<number, (answer: LinkState & { error?: string }) => void>();
    const onProxyLine = (line: string) => {
      const ready = /^fault proxies ready at (.*)$/.exec(line);
      if (ready) proxyPorts = JSON.parse(ready[1]!) as Record<string, number>;
      if (!line.startsWith('{"id":')) return;
      const answer = JSON.parse(line) as LinkState & { id: number; error?: string };
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    };
    const urls: Record<string, string> = {};
    const launch = (label: string, script: string, host: string, env: Record<string, string>, args: string[] = []) => {
      const proxies = label === 'fault-proxies';
      const part = launchProcess({
        label,
        script,
        args,
        launcher: network.launcher(host),
        stdin: proxies,
        readyWhen: proxies ? /^fault proxies ready at/ : /ready at/,
        env: {
          LOG_LEVEL: 'warn',
          SUBGRAPH_SECRET: subgraphSecret,
          // Issue 14's response cache and deduplication would hide the network this region is for.
          RESPONSE_CACHE: 'off',
          SUBGRAPH_DEDUPLICATION: 'off',
          ...env,
        },
        onLine: (line) => {
          output.push(`[${label}] ${line}`);
          options.onLine?.(`[${label}] ${line}`);
          if (proxies) onProxyLine(line);
          else urls[label] ??= /ready at (\S+)/.exec(line)?.[1] ?? '';
        },
      });
      processes.push(part);
      return started(part, output);
    };
    const subgraphSecret = randomBytes(32).toString('base64url');
    const partyEnv = (party: (typeof parties)[number]) => ({
      HOST: network.host(subgraphName(party)).address,
      PORT: String(party.port),
      DATABASE_URL: databaseUrl(subgraphName(party)),
    });

    await Promise.all(
      region.kommuner.map((kommun) =>
        launch(kommun.slug, 'subgraphs/kommun/main.ts', kommun.slug, partyEnv(kommun), ['--kommun', kommun.slug]),
      ),
    );
    const kommunUrls = Object.fromEntries(region.kommuner.map((k) => [subgraphUrlVariable(k.slug), urls[k.slug]!]));
    const policeName = subgraphName(region.policeArea);
    await launch(policeName, 'subgraphs/police/main.ts', policeName, { ...partyEnv(region.policeArea), ...kommunUrls });

    // The gateway's links: on the gateway's own host, a proxy per subgraph in front of its address.
    const links = parties.map((party) => {
      const target = network.host(subgraphName(party));
      return `${subgraphName(party)}=127.0.0.1:0>${target.address}:${party.port}`;
    });
    const proxies = await launch('fault-proxies', 'tools/network/fault-proxy-host.ts', 'gateway', {}, links);
    await launch('gateway', 'gateway/main.ts', 'gateway', {
      HOST: network.host('gateway').address,
      PORT: String(region.gatewayPort),
      SUBGRAPH_TIMEOUT_MS: String(options.subgraphTimeoutMs),
      ...Object.fromEntries(
        names.map((name) => [subgraphUrlVariable(name), `http://127.0.0.1:${proxyPorts[name]}/graphql`]),
      ),
    });

    let nextId = 1;
    const command = (body: Omit<FaultProxyCommand, 'id'>) =>
      new Promise<LinkState>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, (answer) =>
          answer.error ? reject(new Error(answer.error)) : resolve({ faults: answer.faults, stats: answer.stats }),
        );
        proxies.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
      });

    return {
      network,
      gatewayUrl: urls.gateway!,
      databaseUrl,
      setLink: (link, change) => command({ link, change }),
      resetLink: (link) => command({ link, resetConnections: true }),
      linkState: (link) => command({ link }),
      setAllLinks: async (change) => {
        await Promise.all(names.map((link) => command({ link, change })));
      },
      partition: (name) => network.partition(name),
      heal: (name) => network.heal(name),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
