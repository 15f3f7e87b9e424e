import { loadRegion } from '../../domain/region.js';
import { announceReady, parseProcessFlags, processSettings, stopOnSignals } from '../../server/process-settings.js';
import { startTracingFromEnv } from '../../server/tracing.js';
import { startPoliceSubgraph } from './start-police-subgraph.js';

/**
 * Starts the police area's subgraph: `npm run subgraph:police`.
 * Environment: PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in DATA_DIR,
 * default `.data/polis-umea`), OTEL_* (tracing, see server/tracing.ts; off by default).
 */
const region = loadRegion();
const { policeArea } = region;
const tracing = await startTracingFromEnv(`loftesnavet-${policeArea.slug}`);
const settings = processSettings(policeArea.slug, policeArea.port, parseProcessFlags({}));
const subgraph = await startPoliceSubgraph({ region, ...settings });
announceReady(policeArea.name, subgraph.url, settings);
stopOnSignals(async () => {
  await subgraph.stop();
  await tracing?.shutdown();
});
