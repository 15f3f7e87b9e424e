import path from 'node:path';
import { parseArgs } from 'node:util';
import { region } from '../../schema/region.js';
import { stopOnSignals } from '../runtime/serve.js';
import { startPolisSubgraph } from './app.js';

/**
 * Starts the police area's subgraph: `npm run subgraph:polis`.
 * Environment: PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in DATA_DIR,
 * default `.data/polis-umea`).
 */
const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const { policeArea } = region;
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = databaseUrl ? undefined : (process.env.DATA_DIR ?? path.join('.data', policeArea.slug));

const subgraph = await startPolisSubgraph({
  region,
  databaseUrl,
  dataDir,
  port: Number(values.port ?? process.env.PORT ?? policeArea.port),
  host: values.host ?? process.env.HOST ?? '127.0.0.1',
});
console.log(`${policeArea.name} subgraph ready at ${subgraph.url} (${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`})`);
stopOnSignals(subgraph.stop);
