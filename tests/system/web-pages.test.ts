import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { todayInSweden } from '../../domain/dates.js';
import { region } from '../../domain/region.js';
import { documentId } from '../../gateway/report-catalogue.js';
import { loadWebDocuments } from '../../gateway/web-pages.js';
import { projectRoot } from '../../server/project-root.js';
import {
  browserAvailable,
  launchBrowser,
  screenshotFolder,
  seriousAccessibilityViolations,
  type TestBrowser,
} from '../support/browser.js';
import { postGraphQL } from '../support/graphql.js';
import type { TestHub } from '../support/hub.js';
import { type HubWithSignIn, signInOnPage, startHubWithSignIn } from '../support/sign-in.js';
import { bearer } from '../support/tokens.js';

// The web front end (web/, served by the gateway) in Debian's Chromium against the real hub, in
// production's TRUSTED_DOCUMENTS_ONLY mode: the pages send their documents' ids, under their CSP.

/** The first page's JavaScript budget, gzip, as stated in the README. */
const OVERVIEW_JS_BUDGET_BYTES = 40 * 1024;

const statusText: Record<string, string> = {
  NOT_STARTED: 'Ej påbörjat',
  ON_TRACK: 'Pågår enligt plan',
  DELAYED: 'Försenat',
  DONE: 'Genomfört',
};
const swedishDate = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

const today = todayInSweden();
let signIn: HubWithSignIn;
let hub: TestHub;
let origin: string;
let browser: TestBrowser;
/** A regional coordinator's token: the test's own queries are free-form, which anonymous callers may not send here. */
let coordinator: Record<string, string>;

const api = (query: string, variables?: Record<string, unknown>) =>
  postGraphQL(hub.gateway.url, query, variables, coordinator);

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotFolder, `${name}.png`), fullPage: true });
}

/** What each kommun's card must say, worked out here from the API's own answers (and its citizen report's counts). */
async function expectedCards() {
  const promiseFields =
    'id title period { start end } commitments { followUps { date } activities { date } policeActivities { date } }';
  const { data, errors } = await api(
    `query($on: Date) { localPoliceArea(id: "umea") { municipalities { code name lastPromiseEndedOn(on: $on)
       currentPromise(on: $on) { ${promiseFields} } promises { ${promiseFields} } } } }`,
    { on: today },
  );
  expect(errors).toBeUndefined();
  const year = today.slice(0, 4);
  return Promise.all(
    data!.localPoliceArea.municipalities.map(async (m: any) => {
      const kommun = region.kommuner.find((k) => k.code === m.code)!;
      // A card speaks of the promise in force, or else of the one that ended last.
      const promise = m.currentPromise ?? m.promises.find((p: any) => p.period.end === m.lastPromiseEndedOn);
      const period = m.currentPromise
        ? `Gäller ${swedishDate(promise.period.start)} – ${swedishDate(promise.period.end)}`
        : `Inget gällande medborgarlöfte. Det senaste löftet upphörde ${swedishDate(m.lastPromiseEndedOn)}.`;
      const report = await api(
        `query($id: ID!) { ${kommun.slug} { citizenReport(promiseId: $id) { commitmentsByStatus { status count } notFollowedUp } } }`,
        { id: promise.id },
      );
      const { commitmentsByStatus, notFollowedUp } = report.data![kommun.slug].citizenReport;
      const followUpDates = promise.commitments.flatMap((c: any) => c.followUps.map((f: any) => f.date)).sort();
      const count = (kind: 'activities' | 'policeActivities') =>
        promise.commitments.flatMap((c: any) => c[kind] ?? []).filter((a: any) => a.date.startsWith(year)).length;
      return {
        slug: kommun.slug,
        name: m.name,
        title: promise.title,
        period,
        byStatus: [
          ...commitmentsByStatus.filter((s: any) => s.count > 0).map((s: any) => `${statusText[s.status]}: ${s.count}`),
          ...(notFollowedUp > 0 ? [`Ej uppföljt: ${notFollowedUp}`] : []),
        ],
        latestFollowUp: followUpDates.length ? swedishDate(followUpDates.at(-1)) : 'Ingen ännu',
        kommunActivities: String(count('activities')),
        policeActivities: String(count('policeActivities')),
      };
    }),
  );
}

async function expectOverviewToMatchApi(page: Page) {
  const expected = await expectedCards();
  await expect.poll(() => page.locator('.card').count()).toBe(6);
  for (const card of expected) {
    const shown = page.locator(`.card[data-kommun="${card.slug}"]`);
    expect(await shown.locator('h2').innerText()).toBe(card.name);
    expect(await shown.locator('[data-figure="period"]').innerText()).toBe(card.period);
    expect(await shown.locator('.promise-title a').innerText()).toBe(card.title);
    expect(await shown.locator('[data-figure="by-status"] li').allInnerTexts()).toEqual(card.byStatus);
    expect(await shown.locator('[data-figure="latest-follow-up"]').innerText()).toBe(card.latestFollowUp);
    expect(await shown.locator('[data-figure="kommun-activities"]').innerText()).toBe(card.kommunActivities);
    expect(await shown.locator('[data-figure="police-activities"]').innerText()).toBe(card.policeActivities);
  }
}

describe.skipIf(!browserAvailable())('the web pages in Chromium', () => {
  beforeAll(async () => {
    // The built bundle is build output: made here as `npm run build` makes it.
    await promisify(execFile)('npm', ['run', 'build:web'], { cwd: projectRoot, timeout: 240_000 });
    signIn = await startHubWithSignIn({ trustedDocumentsOnly: true });
    hub = signIn.hub;
    origin = signIn.origin;
    browser = await launchBrowser(origin, { alsoAllowed: [signIn.provider.issuer] });
    coordinator = await bearer('region', 'reader');
  }, 300_000);

  afterEach(() => {
    expect(browser.cspViolations.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await signIn?.stop();
  });

  it('the overview lists the six kommuner with å/ä/ö intact and the figures the API gives, within the JavaScript budget', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        scripts.push(response.body().then((body) => gzipSync(body).length));
    });
    const sent: Record<string, any>[] = [];
    page.on('request', (request) => {
      if (request.url() === `${origin}/graphql` && request.method() === 'POST') sent.push(request.postDataJSON());
    });
    await page.goto('/');
    await expectOverviewToMatchApi(page);
    // The page sent its document's id, never its text.
    expect(sent).toEqual([
      {
        operationName: 'RegionalOverview',
        variables: { on: today },
        extensions: { persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } },
      },
    ]);
    expect(await page.locator('.card h2').allInnerTexts()).toEqual([
      'Umeå',
      'Bjurholm',
      'Nordmaling',
      'Robertsfors',
      'Vindeln',
      'Vännäs',
    ]);
    expect(await page.locator('.card[data-kommun="umea"] .promise-title a').innerText()).toBe(
      'Medborgarlöften för Umeå 2025–2027',
    );
    await expect.poll(() => page.locator('[data-figure="police-summary"]').count()).toBe(1);
    const police = await api('{ localPoliceArea(id: "umea") { latestSituationPicture { summary } } }');
    expect(await page.locator('[data-figure="police-summary"]').innerText()).toBe(
      police.data!.localPoliceArea.latestSituationPicture.summary,
    );

    const javascriptBytes = (await Promise.all(scripts)).reduce((sum, n) => sum + n, 0);
    console.log(
      `The overview loads ${javascriptBytes} bytes of JavaScript (gzip); budget ${OVERVIEW_JS_BUDGET_BYTES}.`,
    );
    expect(javascriptBytes).toBeGreaterThan(0);
    expect(javascriptBytes).toBeLessThanOrEqual(OVERVIEW_JS_BUDGET_BYTES);

    // Keyboard: the first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Till innehållet');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'oversikt');
    await context.close();
  });

  it('on a phone the overview fits the screen without sideways scrolling', async () => {
    const context = await browser.context({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('.card').count()).toBe(6);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'oversikt-telefon');
    await context.close();
  });

  it('when Vännäs kommun’s subgraph is down its card says so and the other five render', async () => {
    const vannas = hub.kommun('vannas');
    await vannas.stop();
    try {
      const context = await browser.context();
      const page = await context.newPage();
      await page.goto('/');
      await expect.poll(() => page.locator('.card').count()).toBe(6);
      expect(await page.locator('.card[data-kommun="vannas"] h2').innerText()).toBe('Vännäs');
      expect(await page.locator('.card[data-kommun="vannas"] p').allInnerTexts()).toEqual([
        'Vännäs kommun kan inte nås just nu.',
      ]);
      expect(await page.locator('.card-down').count()).toBe(1);
      for (const slug of ['umea', 'bjurholm', 'nordmaling', 'robertsfors', 'vindeln'])
        expect(await page.locator(`.card[data-kommun="${slug}"] [data-figure="period"]`).count()).toBe(1);
      await screenshot(page, 'oversikt-vannas-nere');
      await context.close();
    } finally {
      await vannas.start();
    }
  });

  it('the kommun page shows the promise history and the commitments of the promise that ended last', async () => {
    const { data } = await api(
      `query($on: Date) { vannas { name lastPromiseEndedOn(on: $on) promises { title period { end }
         commitments { text responsible target { text } } } } }`,
      { on: today },
    );
    const latest = data!.vannas.promises.find((p: any) => p.period.end === data!.vannas.lastPromiseEndedOn);
    expect(latest.commitments.length).toBeGreaterThan(0);
    const context = await browser.context();
    const page = await context.newPage();
    await page.goto('/kommun/vannas');
    await expect.poll(() => page.locator('.commitments .commitment').count()).toBe(latest.commitments.length);
    expect(await page.locator('h1').innerText()).toBe('Vännäs kommun');
    expect(await page.locator('#ataganden').innerText()).toBe('Åtaganden i det senaste löftet');
    expect(
      await page.locator('.commitment-text').evaluateAll((els) => els.map((e) => e.firstChild?.textContent?.trim())),
    ).toEqual(latest.commitments.map((c: any) => c.text));
    const responsible: Record<string, string> = {
      KOMMUN: 'Kommunen',
      POLICE: 'Polisen',
      JOINT: 'Kommunen och polisen',
    };
    expect(
      await page
        .locator('.commitment dl')
        .evaluateAll((dls) => dls.map((dl) => [...dl.querySelectorAll('dd')].slice(0, 2).map((dd) => dd.textContent))),
    ).toEqual(
      latest.commitments.map((c: any) => [
        responsible[c.responsible] ?? c.responsible,
        c.target?.text ?? 'Inget mål angivet',
      ]),
    );
    expect((await page.locator('.timeline li a').allInnerTexts()).sort()).toEqual(
      data!.vannas.promises.map((p: any) => p.title).sort(),
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'kommun-vannas');
    await context.close();
  });

  it('a citizen report page shows the same commitments and trends as citizenReport', async () => {
    // The report of Umeå's latest promise with indicator trends (2023–2024 in the seed).
    const { data } = await api(`{ umea { promises { id title period { end } indicators { id } } } }`);
    const withTrends = data!.umea.promises
      .filter((p: any) => p.indicators.length > 0)
      .sort((a: any, b: any) => b.period.end.localeCompare(a.period.end));
    expect(withTrends[0].title).toBe('Medborgarlöften för Umeå 2023–2024');
    const promiseId = withTrends[0].id;
    const { data: reportData } = await api(
      `query($id: ID!) { umea { citizenReport(promiseId: $id) {
         commitments { commitment { id text } latestFollowUp { status } }
         indicators { indicator { id name } direction measurements { date value } } } } }`,
      { id: promiseId },
    );
    const report = reportData!.umea.citizenReport;
    const context = await browser.context();
    const page = await context.newPage();
    await page.goto(`/kommun/umea/loften/${encodeURIComponent(promiseId)}`);
    await expect.poll(() => page.locator('.report .commitment').count()).toBe(report.commitments.length);
    expect(await page.locator('.report .commitment-text').allInnerTexts()).toEqual(
      report.commitments.map((c: any) => c.commitment.text),
    );
    const trendWords: Record<string, string> = {
      IMPROVING: 'Förbättring',
      WORSENING: 'Försämring',
      UNCHANGED: 'Oförändrat',
      NOT_MEASURED: 'Ej mätt ännu',
    };
    expect(await page.locator('.indicator h3').allInnerTexts()).toEqual(
      report.indicators.map((t: any) => t.indicator.name),
    );
    for (const trend of report.indicators) {
      const shown = page.locator(`[data-indicator="${trend.indicator.id}"]`);
      expect(await shown.locator('[data-figure="trend"]').innerText()).toMatch(
        new RegExp(`^${trendWords[trend.direction]}`),
      );
      // The chart's text alternative holds every measurement; the SVG draws one point per measurement.
      expect(
        await shown
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
      ).toEqual(trend.measurements.map((m: any) => [swedishDate(m.date), m.value.toLocaleString('sv-SE')]));
      if (trend.measurements.length > 0)
        await expect.poll(() => shown.locator('svg .ct-series-a .ct-point').count()).toBe(trend.measurements.length);
    }
    expect(report.indicators.length).toBeGreaterThan(0);
    expect(report.indicators.some((t: any) => t.measurements.length > 1)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'aterrapportering-umea');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site').isVisible()).toBe(false);
    await context.close();
  });

  it('an editor records a follow-up in the editor view, and the overview shows it after a reload', async () => {
    // Vännäs has no promise in force today; its card and the editor both show the one that ended last.
    const context = await browser.context();
    const page = await context.newPage();
    await signInOnPage(page, { organisation: 'Vännäs kommun', login: 'vannas-redaktor' });
    await expect.poll(() => page.locator('#commitment option').count()).toBeGreaterThan(0);
    // Kommun staff edit their own kommun only: the page names it and offers no other.
    expect(await page.locator('section[aria-labelledby="kommunval"] > p').innerText()).toBe('Vännäs kommun');
    expect(await page.locator('#kommun').count()).toBe(0);
    const cardBefore = (await expectedCards()).find((c) => c.slug === 'vannas')!;
    expect(await page.locator('#promise option:checked').innerText()).toBe(cardBefore.title);
    const commitmentId = await page.locator('#commitment').inputValue();
    await page.getByLabel('Läge').selectOption({ label: 'Genomfört' });
    const note = 'Trygghetsvandringen i Vännäsby är genomförd; åtgärdslistan är skickad.';
    await page.getByLabel('Anteckning').fill(note);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spara uppföljning' }).click();
    await expect.poll(() => page.locator('.saved').first().textContent()).toBe('Uppföljningen är sparad (Genomfört).');
    await screenshot(page, 'redigera');

    const { data } = await api(
      `query($id: ID!) { vannas { commitment(id: $id) { followUps { date status note } } } }`,
      { id: commitmentId },
    );
    expect(data!.vannas.commitment.followUps.at(-1)).toEqual({ date: today, status: 'DONE', note });

    await page.goto('/');
    await page.reload();
    await expectOverviewToMatchApi(page);
    expect(await page.locator('.card[data-kommun="vannas"] [data-figure="latest-follow-up"]').innerText()).toBe(
      swedishDate(today),
    );
    await context.close();
  });

  it('a note over the hub’s limit is refused in the editor view with the field named, and what was written is kept', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    await signInOnPage(page, { organisation: 'Vännäs kommun', login: 'vannas-redaktor' });
    await expect.poll(() => page.locator('#commitment option').count()).toBeGreaterThan(0);
    const commitmentId = await page.locator('#commitment').inputValue();
    const followUps = () =>
      api(`query($id: ID!) { vannas { commitment(id: $id) { followUps { id } } } }`, { id: commitmentId });
    const before = await followUps();
    const long = 'Å'.repeat(5_001);
    await page.getByLabel('Anteckning').fill(long);
    await page.getByRole('button', { name: 'Spara uppföljning' }).click();
    await expect
      .poll(() => page.locator('form .alert').first().textContent())
      .toBe(
        'Uppgifterna kunde inte sparas: fältet ”Anteckning” får ha högst 5000 tecken. Det du skrev finns kvar i formuläret.',
      );
    expect(await page.getByLabel('Anteckning').inputValue()).toBe(long);
    expect(await followUps()).toEqual(before);
    await screenshot(page, 'redigera-nekad');
    await context.close();
  });

  it('the explorer loads and runs a query with every request outside the hub refused', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const before = browser.outside.length;
    // GraphiQL asks for the schema first and loads its editor; a click before both are ready runs nothing.
    const schemaLoaded = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && response.request().method() === 'POST',
    );
    // The explorer's queries are free-form: under TRUSTED_DOCUMENTS_ONLY a coordinator runs them with a
    // token (GraphiQL's headers tab); here the token is added to every request to the hub's endpoint.
    await page.route(`${origin}/graphql`, (route) =>
      route.continue({ headers: { ...route.request().headers(), ...coordinator } }),
    );
    await page.goto('/graphql');
    expect((await schemaLoaded).status()).toBe(200);
    await expect
      .poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 })
      .toContain('Kommuner');
    await page.locator('.graphiql-execute-button').click();
    // Monaco draws only the lines in view: the first kommun is among them.
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 30_000 }).toContain('Umeå');
    expect(browser.outside.slice(before)).toEqual([]);
    // GraphiQL's own markup has two known serious findings (the editor's dimmed line numbers'
    // contrast, and its tab list's nested buttons); anything beyond them fails.
    const explorerFindings = (await seriousAccessibilityViolations(page)).map((v) => v.id);
    expect(explorerFindings.filter((id) => !['color-contrast', 'nested-interactive'].includes(id))).toEqual([]);
    await screenshot(page, 'utforskare');
    await context.close();
  });

  it('GraphQL keeps working at /graphql and POST /, refusing anonymous free-form queries; the pages are served at their URLs with their CSP', async () => {
    for (const url of [`${origin}/`, `${origin}/graphql`]) {
      const anonymous = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ umea { name } }' }),
      });
      expect(anonymous.status).toBe(403);
      expect((await anonymous.json()).errors.map((e: any) => e.extensions.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    }
    expect((await postGraphQL(`${origin}/`, '{ umea { name } }', {}, coordinator)).data).toEqual({
      umea: { name: 'Umeå' },
    });
    expect((await postGraphQL(`${origin}/graphql`, '{ vannas { name } }', {}, coordinator)).data).toEqual({
      vannas: { name: 'Vännäs' },
    });
    const pagesPolicy =
      "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-hashes' 'sha256-cROTky3s1UJkIOi2j1j0F/HlPNw1+mSjo/vtXnaZpbA=' 'sha256-+7g9GIVwIQyRW5AWmV3tOknRu/VejUoNtGLu4+COYXU='; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    for (const page of ['/', '/kommun/vannas', '/kommun/umea/loften/2480-x', '/redigera']) {
      const response = await fetch(`${origin}${page}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
      expect(response.headers.get('content-security-policy')).toBe(pagesPolicy);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const explorer = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await explorer.text()).toContain('<main id="explorer">');
    expect(explorer.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(explorer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(browser.outside).toEqual([]);
  });

  it('the gateway trusts every document of the pages, and each one written for umea once per kommun', () => {
    const written: Record<string, string> = JSON.parse(
      readFileSync(path.join(projectRoot, 'web/generated/gql/persisted-documents.json'), 'utf8'),
    );
    const trusted = loadWebDocuments();
    for (const [id, text] of Object.entries(written)) expect(trusted.get(id)).toBe(text);
    const perKommun = Object.values(written).filter((text) => text.includes(' umea {'));
    expect(perKommun.length).toBeGreaterThan(0);
    for (const kommun of region.kommuner)
      expect([...trusted.values()].filter((text) => text.includes(` umea: ${kommun.slug} {`)).length).toBe(
        perKommun.length,
      );
    expect(trusted.size).toBe(Object.keys(written).length + perKommun.length * region.kommuner.length);
    for (const [id, text] of trusted) expect(documentId(text)).toBe(id);
  });

  it('the pages’ CSP refuses an inline script, and the test sees the refusal', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('.card').count()).toBe(6);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.inline = "ran"';
      document.head.append(script);
    });
    await expect.poll(() => browser.cspViolations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.dataset.inline)).toBeUndefined();
    expect(browser.cspViolations.splice(0).some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
    await context.close();
  });
});

it('states the JavaScript budget in the README', () => {
  expect(readFileSync(path.join(projectRoot, 'README.md'), 'utf8')).toContain(`${OVERVIEW_JS_BUDGET_BYTES / 1024} KB`);
});

it('the gateway does not start on web documents whose id is not the SHA-256 of their text', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'web-documents-'));
  try {
    writeFileSync(
      path.join(folder, 'trusted-documents.json'),
      JSON.stringify({ ['0'.repeat(64)]: '{ umea { name } }' }),
    );
    expect(() => loadWebDocuments(folder)).toThrow(`${'0'.repeat(64)} is not the SHA-256 of its document`);
    expect(loadWebDocuments(path.join(folder, 'not-built')).size).toBe(0);
  } finally {
    rmSync(folder, { recursive: true });
  }
});
