import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { projectRoot } from '../server/project-root.js';

/** Where `npm run build:web` puts the web front end (not committed). */
export const webPagesFolder = path.join(projectRoot, 'dist/web');

const wantsPage = (req: Request) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

/**
 * The web front end on the gateway's own origin: the pages (history-API URLs all answered with
 * the app's index.html), their hashed assets, and the self-hosted GraphiQL for browsers at
 * GET /graphql. GraphQL requests (POST, or GET without `Accept: text/html`) pass on to Apollo,
 * so Apollo's CDN landing page is never shown.
 */
export function serveWebPages(app: Express, folder: string = webPagesFolder): void {
  const send = (file: string) => (req: Request, res: Response, next: () => void) => {
    if (!wantsPage(req)) return next();
    const page = path.join(folder, file);
    if (!existsSync(page)) {
      res.status(503).type('text/plain; charset=utf-8').send('Webbsidorna är inte byggda: kör npm run build:web.\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  };
  app.use(
    '/assets',
    express.static(path.join(folder, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  app.get('/graphql', send('explorer.html'));
  app.get(['/', '/redigera', '/kommun/{*rest}'], send('index.html'));
}
