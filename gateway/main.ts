import { readFileSync } from 'node:fs';
import { loadRegion, subgraphUrls } from '../domain/region.js';
import { opsPortFor, stopOnSignals } from '../server/process-settings.js';
import { supergraphFile } from '../server/project-root.js';
import { startTracingFromEnv } from '../server/tracing.js';
import { readPathFromEnv, startGateway } from './start-gateway.js';

/**
 * Starts the gateway over the committed `supergraph.graphql`: `npm run gateway`.
 * Environment: PORT, HOST, OPS_PORT (default PORT + 1000), OPS_HOST, SUPERGRAPH (file), SUBGRAPH_URL_<NAME> (e.g. SUBGRAPH_URL_UMEA),
 * SUBGRAPH_TIMEOUT_MS, REGION_FILE (another region than Lokalpolisområde Umeå), TRUSTED_DOCUMENTS_ONLY=true
 * (anonymous callers and readers may run only the report operations in reports/), RESPONSE_CACHE=off (default on),
 * RESPONSE_CACHE_REDIS_URL, RESPONSE_CACHE_MAX_ENTRIES, RESPONSE_CACHE_MAX_BYTES, SUBGRAPH_DEDUPLICATION=off (see readPathFromEnv),
 * OTEL_* (tracing, see server/tracing.ts; off by default).
 */
const tracing = await startTracingFromEnv('loftesnavet-gateway');
const region = loadRegion();
const port = Number(process.env.PORT ?? region.gatewayPort);
const gateway = await startGateway({
  region,
  supergraphSdl: readFileSync(process.env.SUPERGRAPH ?? supergraphFile, 'utf8'),
  subgraphUrls: subgraphUrls(region),
  port,
  host: process.env.HOST ?? '127.0.0.1',
  opsPort: opsPortFor(port),
  opsHost: process.env.OPS_HOST ?? '127.0.0.1',
  subgraphTimeoutMs: process.env.SUBGRAPH_TIMEOUT_MS ? Number(process.env.SUBGRAPH_TIMEOUT_MS) : undefined,
  trustedDocumentsOnly: process.env.TRUSTED_DOCUMENTS_ONLY === 'true',
  ...readPathFromEnv(),
});
console.log(`Gateway ready at ${gateway.url} (readiness and metrics at ${gateway.opsUrl})`);
stopOnSignals(async () => {
  await gateway.stop();
  await tracing?.shutdown();
});
