import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { region } from '../../domain/region.js';
import type { SessionStore } from '../../gateway/sign-in/session-store.js';
import { developmentAccounts } from '../../scripts/development-identity-provider/accounts.js';
import {
  DEVELOPMENT_REPORTING_CLIENT,
  type RunningIdentityProvider,
} from '../../scripts/development-identity-provider/provider.js';
import { DEVELOPMENT_IDENTITY_PROVIDER, developmentIdentityProvider } from '../../server/identity-providers.js';
import { databaseSnapshot, type TestHub } from '../support/hub.js';
import { type HubWithSignIn, SignInBrowser, startHubWithSignIn } from '../support/sign-in.js';

// The hub with staff sign-in through OpenID providers: the development provider as the region's
// broker (offered for every organisation: it is listed first), and a second provider that is Umeå's
// own tenant (bound to Umeå alone), whose one account claims Vännäs. Tokens and sessions are real:
// issued by oidc-provider, verified by the gateway and again by every subgraph.

const COMMITMENT = '2480-ml-2023-c1';
const followUpMutation = (note: string) => ({
  query: `mutation ($input: FollowUpInput!) { umea { recordFollowUp(commitmentId: "${COMMITMENT}", input: $input) { id note } } }`,
  variables: { input: { date: '2026-12-01', status: 'ON_TRACK', note } },
});
const auditQuery = {
  query: '{ umea { auditLog(limit: 5) { subject actorName actorIssuer organisation role action after } } }',
};

let hub: TestHub;
let hubOrigin: string;
let broker: RunningIdentityProvider;
let umeaTenant: RunningIdentityProvider;
let stranger: RunningIdentityProvider;
let store: SessionStore;
let signInHub: HubWithSignIn;

async function clientCredentialsToken(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${DEVELOPMENT_REPORTING_CLIENT.id}:${DEVELOPMENT_REPORTING_CLIENT.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'hub',
      resource: DEVELOPMENT_IDENTITY_PROVIDER.audience,
    }).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()).access_token;
}

/** POSTs GraphQL to the gateway as the browser would, with its cookies and the hub's own Origin. */
async function graphqlAs(browser: SignInBrowser, body: object, headers: Record<string, string> = {}) {
  const response = await browser.request(`${hubOrigin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: hubOrigin, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function sessionOf(browser: SignInBrowser) {
  return (await browser.request(`${hubOrigin}/auth/session`)).json();
}

function sessionKeyOf(browser: SignInBrowser): string {
  return `session:${browser.cookie(hubOrigin, 'loftesnavet-session')!.value}`;
}

beforeAll(async () => {
  signInHub = await startHubWithSignIn({
    provider: {
      accessTokenSeconds: 40,
      accounts: [
        ...developmentAccounts(region),
        { login: 'umea-gast', name: 'Gäst', organisation: 'umea', roles: ['gast'] },
      ],
    },
    providers: async ({ startProvider }) => {
      umeaTenant = await startProvider({
        accounts: [{ login: 'umea-redaktor', name: 'Åsa Öberg', organisation: 'vannas', roles: ['redaktor'] }],
      });
      stranger = await startProvider();
      const { organisationClaim: _broker, ...umeaOwn } = developmentIdentityProvider(region, umeaTenant.issuer);
      return [{ ...umeaOwn, organisations: ['umea'] }];
    },
  });
  ({ hub, origin: hubOrigin, provider: broker, store } = signInHub);
}, 120_000);

afterAll(async () => {
  await signInHub?.stop();
});

describe('an Umeå editor signing in through the region’s provider', () => {
  it('gets a session naming umea and editor, behind an HttpOnly, SameSite=Lax cookie, and comes back where they started', async () => {
    const browser = new SignInBrowser();
    const { landed, response } = await browser.signIn(hubOrigin, 'umea', 'umea-redaktor', {
      returnTo: '/redigera?x=1',
    });
    expect(landed).toBe(`${hubOrigin}/redigera?x=1`);
    expect(response.status).toBeLessThan(500);
    const session = await sessionOf(browser);
    expect(session).toEqual({
      signedIn: true,
      organisation: 'umea',
      role: 'editor',
      name: 'Redaktör, Umeå kommun',
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600 * 1000);
    const cookie = browser.cookie(hubOrigin, 'loftesnavet-session')!;
    expect(cookie.value).toMatch(/^[\w-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    // Development over http: no Secure and no __Host- prefix (see the production test below).
    expect(cookie.attributes).not.toContain('Secure');
    // The sign-in's own cookie is gone once it is used.
    expect(browser.cookie(hubOrigin, 'loftesnavet-sign-in')).toBeUndefined();
  });

  it('writes with the session, and the audit log names the person and the issuer', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const written = await graphqlAs(browser, followUpMutation('Trygghetsvandring på Ålidhem med föreningar'));
    expect(written.status).toBe(200);
    expect(written.body.errors).toBeUndefined();
    expect(written.body.data.umea.recordFollowUp.note).toBe('Trygghetsvandring på Ålidhem med föreningar');
    const audit = await graphqlAs(browser, auditQuery);
    expect(audit.body.data.umea.auditLog[0]).toMatchObject({
      subject: 'umea-redaktor',
      actorName: 'Redaktör, Umeå kommun',
      actorIssuer: broker.issuer,
      organisation: 'umea',
      role: 'editor',
      action: 'recordFollowUp',
      after: expect.objectContaining({ note: 'Trygghetsvandring på Ålidhem med föreningar' }),
    });
  });

  it('renews the access token with the refresh token before it ends, and the session goes on', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const first = await store.get<{ accessToken: string; accessTokenExpiresAt: number }>(sessionKeyOf(browser));
    // The provider's tokens live 40 s; the gateway renews one that has less than 30 s left.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, first!.accessTokenExpiresAt - 30_000 - Date.now()) + 200),
    );
    expect((await sessionOf(browser)).signedIn).toBe(true);
    const renewed = await store.get<{ accessToken: string; accessTokenExpiresAt: number }>(sessionKeyOf(browser));
    expect(renewed!.accessToken).not.toBe(first!.accessToken);
    expect(renewed!.accessTokenExpiresAt).toBeGreaterThan(first!.accessTokenExpiresAt);
    const written = await graphqlAs(browser, followUpMutation('Efter förnyad token'));
    expect(written.body.errors).toBeUndefined();
  }, 30_000);

  it('signs out with POST /auth/logout: the session is gone, the provider’s logout is offered, and reads are anonymous', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const key = sessionKeyOf(browser);
    const logout = await browser.request(`${hubOrigin}/auth/logout`, {
      method: 'POST',
      headers: { origin: hubOrigin },
    });
    expect(logout.status).toBe(200);
    const body = await logout.json();
    expect(body.signedIn).toBe(false);
    const logoutUrl = new URL(body.logoutUrl);
    expect(logoutUrl.origin + logoutUrl.pathname).toBe(`${broker.issuer}/session/end`);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${hubOrigin}/`);
    expect(await store.get(key)).toBeUndefined();
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
    expect(await sessionOf(browser)).toEqual({
      signedIn: false,
      organisation: null,
      role: null,
      name: null,
      expiresAt: null,
    });
    const overview = await graphqlAs(browser, { query: '{ umea { name promises { title } } }' });
    expect(overview.body.errors).toBeUndefined();
    expect(overview.body.data.umea.name).toBe('Umeå');
  });
});

describe('when a session ends', () => {
  it('a read with an ended or unknown session is an anonymous read, and the cookie is cleared', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const key = sessionKeyOf(browser);
    const session = await store.get<{ expiresAt: number }>(key);
    await store.set(key, { ...session, expiresAt: Date.now() - 1 }, 60);
    const read = await graphqlAs(browser, { query: '{ umea { name } }' });
    expect(read).toEqual({ status: 200, body: { data: { umea: { name: 'Umeå' } } } });
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();

    const forged = new SignInBrowser();
    forged.setCookie(hubOrigin, 'loftesnavet-session', 'no-such-session');
    expect(await graphqlAs(forged, { query: '{ umea { name } }' })).toEqual({
      status: 200,
      body: { data: { umea: { name: 'Umeå' } } },
    });
  });

  it('a write with an ended session is refused with UNAUTHENTICATED and stores nothing', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    await store.delete(sessionKeyOf(browser));
    const before = await databaseSnapshot(hub);
    const written = await graphqlAs(browser, followUpMutation('Efter utloggning'));
    expect(written.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(written.body.data).toBeNull();
    expect(await databaseSnapshot(hub)).toEqual(before);
  });
});

describe('roles and organisations', () => {
  it('a reader signs in as a reader, reads the audit log, and is refused a write with FORBIDDEN', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-lasare');
    expect(await sessionOf(browser)).toMatchObject({ signedIn: true, organisation: 'umea', role: 'reader' });
    const audit = await graphqlAs(browser, auditQuery);
    expect(audit.body.errors).toBeUndefined();
    const written = await graphqlAs(browser, followUpMutation('Läsaren försöker'));
    expect(written.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('a token from Umeå’s own provider that claims Vännäs is refused by the gateway and by the subgraph directly', async () => {
    const token = await tokenFromUmeaTenant();
    const viaGateway = await fetch(`${hubOrigin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ vannas { name } }' }),
    });
    expect(viaGateway.status).toBe(401);
    const gatewayError = (await viaGateway.json()).errors[0];
    expect(gatewayError.extensions.code).toBe('UNAUTHENTICATED');
    expect(gatewayError.message).toContain('may not speak for organisation "vannas"');
    for (const slug of ['vannas', 'umea']) {
      const direct = await fetch(hub.kommun(slug).url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ ${slug} { name } }` }),
      });
      expect(direct.status).toBe(401);
      expect((await direct.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('an account whose provider grants it no hub role ends on a refusal page with 403, signed in nowhere', async () => {
    const browser = new SignInBrowser();
    const { response } = await browser.signIn(hubOrigin, 'umea', 'umea-gast');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('ger ingen behörighet i Löftesnavet');
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('a token from an issuer not in the config is refused by the gateway and by the subgraph directly', async () => {
    const token = await clientCredentialsToken(stranger.issuer);
    for (const url of [`${hubOrigin}/graphql`, hub.kommun('umea').url]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ umea { name } }' }),
      });
      expect(response.status).toBe(401);
      const error = (await response.json()).errors[0];
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
      expect(error.message).toContain(`Invalid token: issuer "${stranger.issuer}" is not trusted`);
    }
  });

  it('a reporting tool’s client-credentials token reads as a coordinator', async () => {
    const token = await clientCredentialsToken(broker.issuer);
    const response = await fetch(`${hubOrigin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(auditQuery),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data.umea.auditLog)).toBe(true);
  });
});

describe('attacks on sign-in', () => {
  it('a forged state gets a Swedish refusal page with 400, and nothing is signed in', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor', { stopAtCallback: true });
    const response = await browser.request(`${hubOrigin}/auth/callback?code=forged&state=forged`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Inloggningen kunde inte slutföras');
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('a replayed callback (the same state and code again) is refused, and the first session alone stands', async () => {
    const browser = new SignInBrowser();
    const { callbackUrl } = await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const first = browser.cookie(hubOrigin, 'loftesnavet-session')!.value;
    const replay = await browser.request(callbackUrl);
    expect(replay.status).toBe(400);
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')!.value).toBe(first);
    // In another browser (the code stolen from a log or a history): refused too.
    const thief = new SignInBrowser();
    expect((await thief.request(callbackUrl)).status).toBe(400);
    expect(thief.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('a callback in a browser that did not start the sign-in (login CSRF) is refused', async () => {
    const attacker = new SignInBrowser();
    const { callbackUrl } = await attacker.signIn(hubOrigin, 'umea', 'umea-redaktor', { stopAtCallback: true });
    const victim = new SignInBrowser();
    const response = await victim.request(callbackUrl);
    expect(response.status).toBe(400);
    expect(victim.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('a wrong nonce is refused', async () => {
    const browser = new SignInBrowser();
    const { callbackUrl } = await browser.signIn(hubOrigin, 'umea', 'umea-redaktor', { stopAtCallback: true });
    const key = `pending:${new URL(callbackUrl).searchParams.get('state')}`;
    await store.set(key, { ...(await store.get<object>(key)), nonce: 'another-nonce' }, 60);
    const response = await browser.request(callbackUrl);
    expect(response.status).toBe(400);
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('a PKCE verifier that does not match the challenge is refused by the provider, and nothing is signed in', async () => {
    const browser = new SignInBrowser();
    const { callbackUrl } = await browser.signIn(hubOrigin, 'umea', 'umea-redaktor', { stopAtCallback: true });
    const key = `pending:${new URL(callbackUrl).searchParams.get('state')}`;
    await store.set(key, { ...(await store.get<object>(key)), codeVerifier: 'x'.repeat(43) }, 60);
    expect((await browser.request(callbackUrl)).status).toBe(400);
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')).toBeUndefined();
  });

  it('an authorization request without a PKCE challenge is refused by the provider', async () => {
    const url = new URL(`${broker.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: DEVELOPMENT_IDENTITY_PROVIDER.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${hubOrigin}/auth/callback`,
      state: 's',
      nonce: 'n',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('PKCE');
  });

  it('GET /auth/organisations lists every party with its proper name, for the pages’ sign-in', async () => {
    expect(await (await fetch(`${hubOrigin}/auth/organisations`)).json()).toEqual([
      { slug: 'umea', name: 'Umeå kommun' },
      { slug: 'bjurholm', name: 'Bjurholms kommun' },
      { slug: 'nordmaling', name: 'Nordmalings kommun' },
      { slug: 'robertsfors', name: 'Robertsfors kommun' },
      { slug: 'vindeln', name: 'Vindelns kommun' },
      { slug: 'vannas', name: 'Vännäs kommun' },
      { slug: 'polis-umea', name: 'Lokalpolisområde Umeå' },
      { slug: 'region', name: 'Regional samordning' },
    ]);
  });

  it('an organisation with no provider gets 400 and a Swedish page', async () => {
    const response = await fetch(`${hubOrigin}/auth/login?org=stockholm`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Det finns ingen inloggning för organisationen ”stockholm”');
  });

  it('a sign-in never returns to another site', async () => {
    const response = await fetch(`${hubOrigin}/auth/login?org=umea&returnTo=${encodeURIComponent('//evil.example/')}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const state = new URL(response.headers.get('location')!).searchParams.get('state');
    expect((await store.get<{ returnTo: string }>(`pending:${state}`))!.returnTo).toBe('/');
  });

  it('a cross-site POST carrying the session cookie is refused (CSRF), for writes and for sign-out', async () => {
    const browser = new SignInBrowser();
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const before = await databaseSnapshot(hub);
    const written = await graphqlAs(browser, followUpMutation('Från en annan webbplats'), {
      origin: 'https://evil.example',
    });
    expect(written.status).toBe(403);
    expect(written.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const fromOtherSite = await graphqlAs(browser, followUpMutation('Från en annan webbplats'), {
      'sec-fetch-site': 'cross-site',
    });
    expect(fromOtherSite.status).toBe(403);
    expect(await databaseSnapshot(hub)).toEqual(before);
    const logout = await browser.request(`${hubOrigin}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(logout.status).toBe(403);
    expect((await sessionOf(browser)).signedIn).toBe(true);
  });

  it('session fixation: a session id planted before sign-in is never signed in; sign-in makes a new one', async () => {
    const browser = new SignInBrowser();
    browser.setCookie(hubOrigin, 'loftesnavet-session', 'planted-by-an-attacker');
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    const issued = browser.cookie(hubOrigin, 'loftesnavet-session')!.value;
    expect(issued).not.toBe('planted-by-an-attacker');
    const attacker = new SignInBrowser();
    attacker.setCookie(hubOrigin, 'loftesnavet-session', 'planted-by-an-attacker');
    expect((await sessionOf(attacker)).signedIn).toBe(false);
    // Signing in again rotates the id too.
    await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    expect(browser.cookie(hubOrigin, 'loftesnavet-session')!.value).not.toBe(issued);
    const stale = new SignInBrowser();
    stale.setCookie(hubOrigin, 'loftesnavet-session', issued);
    expect((await sessionOf(stale)).signedIn).toBe(false);
  });

  it('no token, code or state reaches a gateway log line', async () => {
    const browser = new SignInBrowser();
    const { callbackUrl } = await browser.signIn(hubOrigin, 'umea', 'umea-redaktor');
    await graphqlAs(browser, { query: '{ umea { name } }' });
    const session = await store.get<{ accessToken: string; refreshToken: string; idToken: string }>(
      sessionKeyOf(browser),
    );
    const secrets = [
      session!.accessToken,
      session!.refreshToken,
      session!.idToken,
      new URL(callbackUrl).searchParams.get('code')!,
      new URL(callbackUrl).searchParams.get('state')!,
      browser.cookie(hubOrigin, 'loftesnavet-session')!.value,
    ];
    const lines = hub.gatewayLogs.map((line) => JSON.stringify(line));
    expect(lines.some((line) => line.includes('/auth/callback'))).toBe(true);
    for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});

/**
 * An access token of Umeå's own provider for its one account, which claims Vännäs: the code flow
 * run by the test itself (as any client of that provider could), through the provider's form.
 */
async function tokenFromUmeaTenant(): Promise<string> {
  const configuration = await oidc.discovery(
    new URL(umeaTenant.issuer),
    DEVELOPMENT_IDENTITY_PROVIDER.clientId,
    DEVELOPMENT_IDENTITY_PROVIDER.clientSecret,
    undefined,
    { execute: [oidc.allowInsecureRequests] },
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const start = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: `${hubOrigin}/auth/callback`,
    scope: 'openid profile',
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource: DEVELOPMENT_IDENTITY_PROVIDER.audience,
  });
  const browser = new SignInBrowser();
  const isCallback = (url: string) => url.startsWith(`${hubOrigin}/auth/callback`);
  const form = await browser.follow(start.href);
  const action = /<form method="post" action="([^"]+)"/.exec(await form.response.text())![1]!;
  const posted = await browser.request(new URL(action, form.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: 'umea-redaktor', password: 'utveckling' }).toString(),
  });
  const callback = await browser.follow(new URL(posted.headers.get('location')!, form.url).href, isCallback);
  const tokens = await oidc.authorizationCodeGrant(configuration, new URL(callback.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return tokens.access_token;
}
