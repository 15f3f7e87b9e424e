import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { projectRoot } from '../../server/project-root.js';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser downloads are not used. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped on a developer's machine,
 * with a message; in CI (`CI` set) a missing Chromium is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI)
    throw new Error(`${chromiumPath} is missing in CI: .ci/run installs it with apt-get install chromium`);
  console.warn(`Skipping the browser tests: ${chromiumPath} is not installed (apt-get install chromium).`);
  return false;
}

/** Where screenshots go: kept as test artifacts, git-ignored. */
export const screenshotFolder = path.join(projectRoot, 'test-results', 'web');

export interface TestBrowser {
  browser: Browser;
  /** A fresh context whose every request to another origin than the hub's is refused and recorded. */
  context(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  /** Requests that tried to leave the hub's origin, in every context so far. */
  outside: string[];
  /** What the pages' Content-Security-Policy refused (its `securitypolicyviolation` events and console reports), in every context so far. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** `alsoAllowed`: other origins the pages may reach (a test's identity provider). */
export async function launchBrowser(origin: string, { alsoAllowed = [] as string[] } = {}): Promise<TestBrowser> {
  mkdirSync(screenshotFolder, { recursive: true });
  // launch() starts Chromium on a fresh temporary profile (its own --user-data-dir), removed on close.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces with the routing below: no name but the loopback hub resolves.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const outside: string[] = [];
  const cspViolations: string[] = [];
  return {
    browser,
    outside,
    cspViolations,
    async context(options = {}) {
      const context = await browser.newContext({
        baseURL: origin,
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
        ...options,
      });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if ([origin, ...alsoAllowed].some((allowed) => url.startsWith(`${allowed}/`))) return route.continue();
        if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        outside.push(url);
        return route.abort('blockedbyclient');
      });
      await context.exposeFunction('reportCspViolation', (violation: string) => cspViolations.push(violation));
      await context.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          (window as any).reportCspViolation(`${event.effectiveDirective} ${event.blockedURI} (${event.sourceFile})`),
        ),
      );
      context.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
      });
      return context;
    },
    async close() {
      await browser.close();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A/AA violations of impact serious or critical on the page as it is now.
 * axe is evaluated by the DevTools protocol, not added as an inline script, which the pages' CSP refuses.
 */
export async function seriousAccessibilityViolations(
  page: Page,
): Promise<{ id: string; impact: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] = await page.evaluate(
    async () => {
      const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return result.violations;
    },
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}
