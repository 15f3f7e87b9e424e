import { loadRegion } from '../../domain/region.js';
import { announceReady, parseProcessFlags, processSettings, stopOnSignals } from '../../server/process-settings.js';
import { startPoliceSubgraph } from './start-police-subgraph.js';

/**
 * Starts the police area's subgraph: `npm run subgraph:police`.
 * Environment: PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in DATA_DIR,
 * default `.data/polis-umea`).
 */
const region = loadRegion();
const { policeArea } = region;
const settings = processSettings(policeArea.slug, policeArea.port, parseProcessFlags({}));
const subgraph = await startPoliceSubgraph({ region, ...settings });
announceReady(policeArea.name, subgraph.url, settings);
stopOnSignals(subgraph.stop);
