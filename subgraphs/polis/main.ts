import { loadRegion } from '../../schema/region.js';
import { announceReady, parseProcessFlags, processSettings, stopOnSignals } from '../runtime/process.js';
import { startPolisSubgraph } from './app.js';

/**
 * Starts the police area's subgraph: `npm run subgraph:polis`.
 * Environment: PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in DATA_DIR,
 * default `.data/polis-umea`).
 */
const region = loadRegion();
const { policeArea } = region;
const settings = processSettings(policeArea.slug, policeArea.port, parseProcessFlags({}));
const subgraph = await startPolisSubgraph({ region, ...settings });
announceReady(policeArea.name, subgraph.url, settings);
stopOnSignals(subgraph.stop);
