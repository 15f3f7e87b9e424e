/**
 * What tracing costs: the whole hub in this one process (tests/support/hub.ts; PGlite, or
 * PostgreSQL with TEST_DATABASE_URL), ROUNDS (default 300) sequential regional requests with
 * tracing off, on (every span sampled and handed to an exporter that drops it), and off again;
 * prints CPU time of the process per request, latency, and the spans made per request.
 * `TEST_DATABASE_URL=postgres://… npx tsx tools/bench/tracing-cost.ts`
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing } from '../../server/tracing.js';
import { postGraphQL } from '../../tests/support/graphql.js';
import { startTestHub } from '../../tests/support/hub.js';

const query = `{ localPoliceArea(id: "umea") { name municipalities { code name promises { title period { start end } commitments { id text responsible policeActivities { kind date } } } } } }`;
let exported = 0;
const discard: SpanExporter = {
  export: (spans, done) => {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
};
const rounds = Number(process.env.ROUNDS ?? 300);

async function measure(label: string) {
  const hub = await startTestHub();
  for (let i = 0; i < 30; i++) await postGraphQL(hub.gateway.url, query);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const { errors } = await postGraphQL(hub.gateway.url, query);
    if (errors) throw new Error(JSON.stringify(errors));
    latencies.push(performance.now() - t);
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${rounds} sequential regional requests; CPU ${((used.user + used.system) / 1000 / rounds).toFixed(2)} ms/request; p50 ${latencies[Math.floor(rounds / 2)]!.toFixed(1)} ms, p95 ${latencies[Math.floor(rounds * 0.95)]!.toFixed(1)} ms; wall ${(wall / rounds).toFixed(1)} ms/request`,
  );
  await hub.stop();
}

await measure('tracing off');
const tracing = await startTracing({ exporter: discard, serviceName: 'bench' });
await measure('tracing on ');
await tracing.shutdown();
console.log(`spans exported while on: ${exported} for ${rounds + 30} regional requests`);
await measure('tracing off');
