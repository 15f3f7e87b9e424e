import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { projectRoot } from '../server/project-root.js';
import { documentId } from './report-catalogue.js';
import type { TrustedDocuments } from './trusted-documents.js';

/** Where `npm run build:web` puts the web front end (not committed). */
export const webPagesFolder = path.join(projectRoot, 'dist/web');

/** Beside the built pages: their GraphQL documents, text by id, every per-kommun variant included (scripts/web-trusted-documents.ts). */
const webDocumentsFile = 'trusted-documents.json';

const wantsPage = (req: Request) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

/** A CSP source for one exact inline style attribute. */
const styleAttributeHash = (style: string) => `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;

/**
 * The pages' Content-Security-Policy: only the hub's own scripts, styles, fonts and GraphQL
 * endpoint, no inline script or style element, no plugins, never in a frame. `data:` images for
 * the empty favicon link. The only inline styles allowed are the two style attributes Chartist
 * writes on a citizen report's trend charts (web/src/trend-chart.tsx: the SVG's size and its
 * labels' overflow), by their hashes; a change to the chart's height must change them too.
 */
const pagesPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `style-src-attr 'unsafe-hashes' ${styleAttributeHash('width: 100%; height: 14rem;')} ${styleAttributeHash('overflow: visible;')}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The explorer's, looser in styles and fonts: GraphiQL's Monaco editor writes inline styles (and
 * the explorer's page has one `<style>`), and its CSS embeds fonts as `data:`. Its editor
 * workers are the hub's own files.
 */
const explorerPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function setSecurityHeaders(res: Response, policy: string | undefined) {
  if (policy) res.setHeader('content-security-policy', policy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

/**
 * The web front end on the gateway's own origin: the pages (history-API URLs all answered with
 * the app's index.html), their hashed assets, and the self-hosted GraphiQL for browsers at
 * GET /graphql, each page with its Content-Security-Policy. GraphQL requests (POST, or GET
 * without `Accept: text/html`) pass on to Apollo, so Apollo's CDN landing page is never shown.
 */
export function serveWebPages(app: Express, folder: string = webPagesFolder): void {
  const send = (file: string, policy: string) => (req: Request, res: Response, next: () => void) => {
    if (!wantsPage(req)) return next();
    const page = path.join(folder, file);
    if (!existsSync(page)) {
      res.status(503).type('text/plain; charset=utf-8').send('Webbsidorna är inte byggda: kör npm run build:web.\n');
      return;
    }
    setSecurityHeaders(res, policy);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  };
  app.use(
    '/assets',
    express.static(path.join(folder, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
      fallthrough: false,
      setHeaders: (res) => setSecurityHeaders(res, undefined),
    }),
  );
  app.get('/graphql', send('explorer.html', explorerPolicy));
  app.get(['/', '/redigera', '/logga-in', '/kommun/{*rest}'], send('index.html', pagesPolicy));
}

/**
 * The built pages' documents, which the gateway trusts beside reports/, so the pages work under
 * TRUSTED_DOCUMENTS_ONLY. None when the pages are not built (they are not served then either).
 * Read at start: pages built again later need the gateway started again.
 */
export function loadWebDocuments(folder: string = webPagesFolder): TrustedDocuments {
  const file = path.join(folder, webDocumentsFile);
  if (!existsSync(file)) return new Map();
  const documents = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  for (const [id, text] of documents)
    if (documentId(text) !== id)
      throw new Error(`${file}: ${id} is not the SHA-256 of its document; build the pages again`);
  return new Map(documents);
}
