import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKommun } from '../../schema/region.js';
import { stopOnSignals } from '../runtime/serve.js';
import { startKommunSubgraph } from './app.js';

/**
 * Starts one kommun's subgraph: `npm run subgraph:kommun -- --kommun umea`.
 * Environment: KOMMUN, PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in
 * DATA_DIR, default `.data/<slug>`).
 */
const { values } = parseArgs({
  options: { kommun: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
});
const slug = values.kommun ?? process.env.KOMMUN;
if (!slug) {
  console.error('Name the kommun: --kommun <slug> or KOMMUN=<slug>');
  process.exit(2);
}
const kommun = findKommun(slug);
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = databaseUrl ? undefined : (process.env.DATA_DIR ?? path.join('.data', kommun.slug));

const subgraph = await startKommunSubgraph({
  kommun,
  databaseUrl,
  dataDir,
  port: Number(values.port ?? process.env.PORT ?? kommun.port),
  host: values.host ?? process.env.HOST ?? '127.0.0.1',
});
console.log(`${kommun.organisation} subgraph ready at ${subgraph.url} (${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`})`);
stopOnSignals(subgraph.stop);
