import { sql } from 'kysely';
import { loadRegion } from '../../domain/region.js';
import { startKommunSubgraph } from '../../subgraphs/kommun/start-kommun-subgraph.js';
import { startPoliceSubgraph } from '../../subgraphs/police/start-police-subgraph.js';

/**
 * Serves every subgraph of a synthetic region (REGION_FILE) from one process, each over its own
 * PostgreSQL database (DATABASE_URL_TEMPLATE with `{slug}`), with PROMISES_PER_KOMMUN synthetic
 * promises per kommun. One process, one connection per kommun: 96 kommun processes would not
 * fit this machine, and the gateway's cost is what the scale benchmark measures.
 */
const region = loadRegion();
const template = process.env.DATABASE_URL_TEMPLATE!;
const promisesPerKommun = Number(process.env.PROMISES_PER_KOMMUN ?? 10);

const kommunSubgraphs = await Promise.all(
  region.kommuner.map(async (kommun) => {
    const subgraph = await startKommunSubgraph({
      kommun,
      region,
      port: kommun.port,
      databaseUrl: template.replace('{slug}', kommun.slug),
      maxConnections: 1,
    });
    await sql`
      insert into citizen_promise (id, title, summary, period_start, period_end, status, focus_areas, source_kind)
      select ${kommun.code} || '-synt-' || g, 'Syntetiskt löfte ' || g || ' – ' || ${kommun.name}, 'Synthetic benchmark data.',
             date '2025-01-01', date '2026-12-31', 'ACTIVE', '{Trafik}', 'ILLUSTRATIVE'
      from generate_series(1, ${promisesPerKommun}::int) g
      on conflict do nothing`.execute(subgraph.db);
    return subgraph;
  }),
);
const police = await startPoliceSubgraph({
  region,
  port: region.policeArea.port,
  databaseUrl: template.replace('{slug}', region.policeArea.slug),
  maxConnections: 2,
});
console.log(`synthetic subgraphs ready at ${region.kommuner.length} kommun ports and ${police.url}`);
process.once('SIGTERM', () => {
  void Promise.all([...kommunSubgraphs, police].map((s) => s.stop())).finally(() => process.exit(0));
});
