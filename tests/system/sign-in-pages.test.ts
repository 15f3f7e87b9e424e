import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/project-root.js';
import {
  browserAvailable,
  launchBrowser,
  seriousAccessibilityViolations,
  type TestBrowser,
} from '../support/browser.js';
import { postGraphQL } from '../support/graphql.js';
import { type HubWithSignIn, signInOnPage, startHubWithSignIn } from '../support/sign-in.js';
import { bearer } from '../support/tokens.js';

// Staff sign-in in Debian's Chromium: the pages, the gateway's session and the development
// identity provider's own form, as a kommun editor meets them.

const JWT_SHAPED = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
const COMMITMENT = '2480-ml-2023-c1';

let signIn: HubWithSignIn;
let browser: TestBrowser;
let coordinator: Record<string, string>;

const followUpsWithNote = async (note: string) => {
  const { data } = await postGraphQL(
    signIn.hub.gateway.url,
    `query($id: ID!) { umea { commitment(id: $id) { followUps { note status } } } }`,
    { id: COMMITMENT },
    coordinator,
  );
  return data!.umea.commitment.followUps.filter((f: { note: string }) => f.note === note);
};

/** The hub's own cookies in a browser context (the provider's share the host: cookies know no ports). */
const hubCookies = async (context: BrowserContext) =>
  (await context.cookies(signIn.origin)).filter((c) => c.name.startsWith('loftesnavet'));

/** Everything page scripts can read that could hold a credential. */
async function scriptReadableStorage(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  );
}

async function chooseUmeaCommitment(page: Page) {
  await page.locator('#commitment option').first().waitFor({ state: 'attached', timeout: 20_000 });
  await page.locator('#promise').selectOption({ label: 'Medborgarlöften för Umeå 2023–2024' });
  await page.locator('#commitment').selectOption(COMMITMENT);
}

describe.skipIf(!browserAvailable())('sign-in on the pages, in Chromium', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', 'build:web'], { cwd: projectRoot, timeout: 240_000 });
    signIn = await startHubWithSignIn();
    browser = await launchBrowser(signIn.origin, { alsoAllowed: [signIn.provider.issuer] });
    coordinator = await bearer('region', 'reader');
  }, 300_000);

  afterEach(async () => {
    await context?.close();
    expect(browser.cspViolations.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await signIn?.stop();
  });

  it('an Umeå editor signs in through the provider’s form, records a follow-up that is audited with their name, holds no token, and signs out to anonymous reads', async () => {
    context = await browser.context();
    const page = await context.newPage();
    await page.goto('/redigera');
    await page.getByRole('link', { name: 'Logga in' }).first().click();
    await expect.poll(() => page.getByRole('link', { name: 'Umeå kommun', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Vännäs kommun', exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await signInOnPage(page, { organisation: 'Umeå kommun', login: 'umea-redaktor' });

    const session = await page.evaluate(() => fetch('/auth/session').then((r) => r.json()));
    expect(session).toMatchObject({
      signedIn: true,
      organisation: 'umea',
      role: 'editor',
      name: 'Redaktör, Umeå kommun',
    });
    await expect
      .poll(() => page.locator('header .session').innerText())
      .toBe('Inloggad: Redaktör, Umeå kommun, Umeå kommun, redaktör Logga ut');
    const cookies = await hubCookies(context);
    expect(cookies.map((c) => c.name)).toEqual(['loftesnavet-session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    await chooseUmeaCommitment(page);
    const note = 'Trygghetsvandring på Ålidhem, åtgärder för belysning är beställda.';
    await page.getByLabel('Anteckning').fill(note);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spara uppföljning' }).click();
    await expect
      .poll(() => page.locator('.saved').first().textContent())
      .toBe('Uppföljningen är sparad (Pågår enligt plan).');
    expect(await followUpsWithNote(note)).toEqual([{ note, status: 'ON_TRACK' }]);
    const { data } = await postGraphQL(
      signIn.hub.gateway.url,
      '{ umea { auditLog(limit: 1) { subject actorName actorIssuer action } } }',
      {},
      coordinator,
    );
    expect(data!.umea.auditLog).toEqual([
      {
        subject: 'umea-redaktor',
        actorName: 'Redaktör, Umeå kommun',
        actorIssuer: signIn.provider.issuer,
        action: 'recordFollowUp',
      },
    ]);
    expect(await scriptReadableStorage(page)).not.toMatch(JWT_SHAPED);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await page.getByRole('button', { name: 'Logga ut' }).click();
    // The provider asks whether to end its own session too; the hub's has ended already.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${signIn.origin}/`);
    expect(await hubCookies(context)).toEqual([]);
    expect(await page.evaluate(() => fetch('/auth/session').then((r) => r.json()))).toMatchObject({ signedIn: false });
    await expect.poll(() => page.locator('.card').count()).toBe(6);
    expect(await page.locator('.notice').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Logga in' }).count()).toBe(1);
  });

  it('a session that ended keeps the typed follow-up: save, sign in again, back, and it is stored exactly once with its text', async () => {
    context = await browser.context();
    const page = await context.newPage();
    await signInOnPage(page, { organisation: 'Umeå kommun', login: 'umea-redaktor' });
    await chooseUmeaCommitment(page);
    const note = 'Skrivet före utloggningen: möte med föreningarna på Ersboda, 14 deltagare.';
    await page.getByLabel('Läge').selectOption({ label: 'Försenat' });
    await page.getByLabel('Anteckning').fill(note);
    // The session ends while the form is open (its lifetime is over, or it was ended elsewhere).
    const cookie = (await context.cookies(signIn.origin)).find((c) => c.name === 'loftesnavet-session');
    await signIn.store.delete(`session:${cookie!.value}`);
    await page.getByRole('button', { name: 'Spara uppföljning' }).click();
    // The provider still knows the person: through sign-in and back without its form, then sent once.
    await expect
      .poll(() => page.locator('.saved').first().textContent(), { timeout: 15_000 })
      .toBe('Uppföljningen är sparad (Försenat).');
    expect(new URL(page.url()).pathname).toBe('/redigera');
    expect(await followUpsWithNote(note)).toEqual([{ note, status: 'DELAYED' }]);
    // Nothing is kept any more, so a reload sends nothing again.
    expect(await page.evaluate(() => sessionStorage.getItem('loftesnavet-osparad-andring'))).toBeNull();
    await page.reload();
    await page.locator('#commitment option').first().waitFor({ state: 'attached', timeout: 20_000 });
    expect(await followUpsWithNote(note)).toHaveLength(1);
  });

  it('a read after the session ended says "Du är utloggad", reads anonymously and offers sign-in', async () => {
    context = await browser.context();
    const page = await context.newPage();
    await signInOnPage(page, { organisation: 'Umeå kommun', login: 'umea-lasare', returnTo: '/' });
    await expect.poll(() => page.locator('header .session').innerText()).toContain('läsare');
    const cookie = (await context.cookies(signIn.origin)).find((c) => c.name === 'loftesnavet-session');
    await signIn.store.delete(`session:${cookie!.value}`);
    await page.reload();
    await expect
      .poll(() => page.locator('.notice').innerText())
      .toBe('Du är utloggad. Det du ser nu är det alla kan se. Logga in igen');
    await expect.poll(() => page.locator('.card').count()).toBe(6);
    expect(await page.locator('.alert').count()).toBe(0);
  });

  it('a reader sees the forms read-only, told that the role can only read', async () => {
    context = await browser.context();
    const page = await context.newPage();
    await signInOnPage(page, { organisation: 'Umeå kommun', login: 'umea-lasare' });
    await expect.poll(() => page.locator('#commitment option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('form .hint').first().innerText()).toBe(
      'Din roll kan bara läsa uppgifterna, inte ändra dem.',
    );
    expect(await page.getByRole('button', { name: 'Spara uppföljning' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Anteckning').isDisabled()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('a wrong password stays on the provider’s form with a Swedish message, signed in nowhere', async () => {
    context = await browser.context();
    const page = await context.newPage();
    await page.goto('/logga-in');
    await page.getByRole('link', { name: 'Vännäs kommun', exact: true }).click();
    await page.getByLabel('Användarnamn').fill('vannas-redaktor');
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Fel användarnamn eller lösenord.');
    expect(await page.getByLabel('Användarnamn').inputValue()).toBe('vannas-redaktor');
    expect((await hubCookies(context)).map((c) => c.name)).toEqual(['loftesnavet-sign-in']);
  });
});
