import type { Express } from 'express';

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

/** `GET /healthz`: the process is alive. `GET /readyz`: what `readiness` reports, 503 when not ready. */
export function serveHealth(app: Express, readiness: () => Promise<Readiness>): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await readiness().catch((error: unknown) => ({ ready: false, error: String(error) }));
    res.status(report.ready ? 200 : 503).json(report);
  });
}
