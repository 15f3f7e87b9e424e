import type { Express, RequestHandler } from 'express';

/**
 * `GET /metrics` in Prometheus text: GraphQL requests, CPU and memory of the process, plus the
 * process's own counters. A counter's name may carry labels (`name{subgraph="umea"}`); the
 * series of one name share its `# TYPE` line. Returns the middleware that counts a GraphQL request.
 */
export function serveMetrics(app: Express, ownCounters?: () => Record<string, number>): RequestHandler {
  let graphqlRequests = 0;
  app.get('/metrics', (_req, res) => {
    const cpu = process.cpuUsage();
    const counters: Record<string, number> = {
      graphql_requests_total: graphqlRequests,
      process_cpu_seconds_total: (cpu.user + cpu.system) / 1e6,
      process_resident_memory_bytes: process.memoryUsage().rss,
      ...ownCounters?.(),
    };
    const families = new Map<string, string[]>();
    for (const [series, value] of Object.entries(counters)) {
      const name = series.split('{')[0]!;
      families.set(name, [...(families.get(name) ?? []), `${series} ${value}`]);
    }
    res
      .type('text/plain; version=0.0.4')
      .send(
        `${[...families]
          .map(([name, lines]) =>
            [`# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}`, ...lines].join('\n'),
          )
          .join('\n')}\n`,
      );
  });
  return (_req, _res, next) => {
    graphqlRequests += 1;
    next();
  };
}
