import type { Express } from 'express';

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

/** `GET /healthz`: the process is alive. The only operations answer on the public port. */
export function serveLiveness(app: Express): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
}

/** `GET /readyz`: what `readiness` reports (for the gateway, each subgraph's state), 503 when not ready. Internal port only. */
export function serveReadiness(app: Express, readiness: () => Promise<Readiness>): void {
  app.get('/readyz', async (_req, res) => {
    const report = await readiness().catch((error: unknown) => ({ ready: false, error: String(error) }));
    res.status(report.ready ? 200 : 503).json(report);
  });
}
