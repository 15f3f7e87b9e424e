import { findKommun, loadRegion } from '../../domain/region.js';
import { announceReady, parseProcessFlags, processSettings, stopOnSignals } from '../../server/process-settings.js';
import { startTracingFromEnv } from '../../server/tracing.js';
import { startKommunSubgraph } from './start-kommun-subgraph.js';

/**
 * Starts one kommun's subgraph: `npm run subgraph:kommun -- --kommun umea`.
 * Environment: KOMMUN, PORT, HOST, DATABASE_URL (PostgreSQL; without it embedded PGlite in
 * DATA_DIR, default `.data/<slug>`), OTEL_* (tracing, see server/tracing.ts; off by default).
 */
const flags = parseProcessFlags({ kommun: { type: 'string' } });
const slug = flags.kommun ?? process.env.KOMMUN;
if (!slug) {
  console.error('Name the kommun: --kommun <slug> or KOMMUN=<slug>');
  process.exit(2);
}
const region = loadRegion();
const kommun = findKommun(slug, region);
const tracing = await startTracingFromEnv(`loftesnavet-${kommun.slug}`);
const settings = processSettings(kommun.slug, kommun.port, flags);
const subgraph = await startKommunSubgraph({ kommun, region, ...settings });
announceReady(kommun.organisation, subgraph.url, settings);
stopOnSignals(async () => {
  await subgraph.stop();
  await tracing?.shutdown();
});
