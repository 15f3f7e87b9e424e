import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { region } from '../domain/region.js';
import { readPathFromEnv, startGateway } from '../gateway/start-gateway.js';
import { supergraphFile } from '../server/project-root.js';
import { startTestHub } from './support/hub.js';

process.env.VITEST = '1';
const hub = await startTestHub();
const urls = Object.fromEntries([...hub.subgraphs.values()].map((s) => [s.name, s.url]));
const off = await startGateway({ region, supergraphSdl: readFileSync(supergraphFile, 'utf8'), subgraphUrls: urls, ...readPathFromEnv({ RESPONSE_CACHE: 'off' }) });
await new Promise((r) => setTimeout(r, 3000));
const queries = {
  'one kommun': '{ umea { name promises { title period { start end } commitments { text responsible policeActivities { kind date } } } } }',
  regional: '{ localPoliceArea(id: "umea") { name municipalities { code name promises { title period { start end } commitments { id text responsible policeActivities { kind date } } } } } }',
};
for (const [label, query] of Object.entries(queries)) {
  for (const [name, url] of [['cache on', hub.gateway.url], ['cache off', off.url]] as const) {
    const out = execFileSync('npx', ['autocannon', '-c', '8', '-d', '10', '-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify({ query }), '-j', url], { encoding: 'utf8' });
    const r = JSON.parse(out);
    console.log(`RESULT ${label} | ${name} | req/s ${r.requests.average} | p50 ${r.latency.p50} ms | non2xx ${r.non2xx} | errors ${r.errors}`);
  }
}
await off.stop();
await hub.stop();
