import { createInterface } from 'node:readline';
import { FaultProxy, type FaultsChange } from './fault-proxy.js';

/**
 * The fault proxies of one host, as a process of their own, so they can run inside a network
 * namespace: `fault-proxy-host.ts <name>=<listenHost>:<listenPort>><upstreamHost>:<upstreamPort> ...`.
 * Prints one line "fault proxies ready at {json}" (name → listening port), then takes commands
 * as JSON lines on stdin and answers each with a JSON line on stdout:
 * `{ "id": 1, "link": "umea", "change": { "delayMs": 150 } }` → `{ "id": 1, "faults": {...}, "stats": {...} }`,
 * `{ "id": 2, "link": "umea", "resetConnections": true }`, `{ "id": 3, "link": "umea" }` (stats only).
 */
export interface FaultProxyCommand {
  id: number;
  link: string;
  change?: FaultsChange;
  resetConnections?: boolean;
}

const proxies = new Map<string, FaultProxy>();
for (const argument of process.argv.slice(2)) {
  const match = /^([\w-]+)=([\d.]+):(\d+)>([\d.]+):(\d+)$/.exec(argument);
  if (!match) {
    console.error(`Not a link: ${argument} (expected name=listenHost:port>upstreamHost:port)`);
    process.exit(2);
  }
  const [, name, listenHost, listenPort, upstreamHost, upstreamPort] = match;
  proxies.set(
    name!,
    await FaultProxy.start({
      listenHost: listenHost!,
      listenPort: Number(listenPort),
      upstreamHost: upstreamHost!,
      upstreamPort: Number(upstreamPort),
    }),
  );
}
console.log(`fault proxies ready at ${JSON.stringify(Object.fromEntries([...proxies].map(([n, p]) => [n, p.port])))}`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as FaultProxyCommand;
  const proxy = proxies.get(command.link);
  if (!proxy) {
    console.log(JSON.stringify({ id: command.id, error: `no link ${command.link}` }));
    return;
  }
  if (command.change) proxy.set(command.change);
  if (command.resetConnections) proxy.resetConnections();
  console.log(JSON.stringify({ id: command.id, faults: proxy.currentFaults, stats: proxy.stats }));
});
// Stdin closes when whoever controls the proxies is gone: then so are they.
process.stdin.on('end', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));
