import net from 'node:net';
import type { Page } from 'playwright-core';
import { region } from '../../domain/region.js';
import { memorySessionStore, type SessionStore } from '../../gateway/sign-in/session-store.js';
import { DEVELOPMENT_PASSWORD } from '../../scripts/development-identity-provider/accounts.js';
import {
  type DevelopmentIdentityProviderOptions,
  type RunningIdentityProvider,
  startDevelopmentIdentityProvider,
} from '../../scripts/development-identity-provider/provider.js';
import { DEVELOPMENT_SECRET } from '../../server/auth.js';
import { developmentIdentityProvider, type IdentityProvider } from '../../server/identity-providers.js';
import { startTestHub, type TestHub, type TestHubOptions } from './hub.js';

/** A free loopback port, for a server whose address another must know before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface StoredCookie {
  value: string;
  attributes: string[];
}

/**
 * A browser as far as sign-in needs one, without a browser: cookies per host (as browsers keep
 * them: not per port), redirects followed by hand so each step can be seen, and forms posted.
 */
export class SignInBrowser {
  readonly cookies = new Map<string, Map<string, StoredCookie>>();
  /** Every URL visited, in order, with the status it answered. */
  readonly visits: { url: string; status: number }[] = [];

  cookie(url: string, name: string): StoredCookie | undefined {
    return this.cookies.get(new URL(url).hostname)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname;
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    this.cookies.get(host)!.set(name, { value, attributes: [] });
  }

  cookieHeader(url: string): string {
    return [...(this.cookies.get(new URL(url).hostname) ?? new Map<string, StoredCookie>())]
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  /** One request, its cookies sent and kept; no redirect followed. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.visits.push({ url, status: response.status });
    const host = new URL(url).hostname;
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      if (!this.cookies.has(host)) this.cookies.set(host, new Map());
      if (expired || value === '') this.cookies.get(host)!.delete(name);
      else this.cookies.get(host)!.set(name, { value, attributes });
    }
    return response;
  }

  /** Follows redirects from `url` until a page answers; stops early where `until` says. */
  async follow(
    url: string,
    until: (url: string) => boolean = () => false,
  ): Promise<{ url: string; response: Response }> {
    let current = url;
    for (let hops = 0; hops < 20; hops++) {
      if (until(current)) return { url: current, response: new Response(null, { status: 204 }) };
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).href;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  /**
   * Signs in at the hub through the development provider's form, as a person would; returns the
   * callback URL the provider sent the browser to (with its code and state) and where it ended.
   * With `stopAtCallback`, the callback is not visited.
   */
  async signIn(
    hubUrl: string,
    organisation: string,
    login: string,
    { returnTo = '/', password = DEVELOPMENT_PASSWORD, stopAtCallback = false } = {},
  ): Promise<{ callbackUrl: string; landed: string; response: Response }> {
    const start = `${new URL(hubUrl).origin}/auth/login?org=${encodeURIComponent(organisation)}&returnTo=${encodeURIComponent(returnTo)}`;
    const isCallback = (url: string) => new URL(url).pathname === '/auth/callback';
    const form = await this.follow(start, isCallback);
    let callbackUrl = form.url;
    if (!isCallback(callbackUrl)) {
      // The provider's sign-in form; a provider that remembers the person skips it.
      const page = await form.response.text();
      const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
      if (!action) throw new Error(`no sign-in form at ${form.url}: ${page.slice(0, 300)}`);
      const posted = await this.request(new URL(action, form.url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password }).toString(),
      });
      const location = posted.headers.get('location');
      if (!location) return { callbackUrl: '', landed: form.url, response: posted };
      callbackUrl = (await this.follow(new URL(location, form.url).href, isCallback)).url;
    }
    if (stopAtCallback) return { callbackUrl, landed: callbackUrl, response: new Response(null, { status: 204 }) };
    const landed = await this.follow(callbackUrl);
    return { callbackUrl, landed: landed.url, response: landed.response };
  }
}

export interface HubWithSignIn {
  hub: TestHub;
  /** The gateway's origin, as the browser and the providers know it. */
  origin: string;
  /** The development provider, the region's broker; the gateway's sessions are in `store`. */
  provider: RunningIdentityProvider;
  store: SessionStore;
  /** A further provider for this hub, knowing its redirect URIs (e.g. one kommun's own tenant). */
  startProvider(options?: Partial<DevelopmentIdentityProviderOptions>): Promise<RunningIdentityProvider>;
  stop(): Promise<void>;
}

/**
 * The whole hub with staff sign-in through a development identity provider: every subgraph and the
 * gateway trust the provider (and `providers(...)`'s), and the gateway signs people in with it.
 */
export async function startHubWithSignIn(
  options: TestHubOptions & {
    provider?: Partial<DevelopmentIdentityProviderOptions>;
    /** Further providers to trust, made once the hub's address is known. */
    providers?: (hub: Pick<HubWithSignIn, 'startProvider'>) => Promise<IdentityProvider[]>;
  } = {},
): Promise<HubWithSignIn> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started: RunningIdentityProvider[] = [];
  const startProvider = async (more: Partial<DevelopmentIdentityProviderOptions> = {}) => {
    const provider = await startDevelopmentIdentityProvider({
      region,
      publicHost: '127.0.0.1',
      redirectUris: [`${origin}/auth/callback`],
      postLogoutRedirectUris: [`${origin}/`],
      ...more,
    });
    started.push(provider);
    return provider;
  };
  const provider = await startProvider(options.provider);
  const more = (await options.providers?.({ startProvider })) ?? [];
  const store = memorySessionStore();
  const hub = await startTestHub({
    ...options,
    gatewayPort: port,
    auth: {
      secret: DEVELOPMENT_SECRET,
      identityProviders: [developmentIdentityProvider(region, provider.issuer), ...more],
    },
    signIn: { store },
  });
  return {
    hub,
    origin,
    provider,
    store,
    startProvider,
    stop: async () => {
      await hub.stop();
      await Promise.all(started.map((p) => p.stop()));
    },
  };
}

/** Signs in on the pages as a person would: the sign-in page, the organisation, the provider's form, and back. */
export async function signInOnPage(
  page: Page,
  { organisation, login, returnTo = '/redigera' }: { organisation: string; login: string; returnTo?: string },
): Promise<void> {
  await page.goto(`/logga-in?tillbaka=${encodeURIComponent(returnTo)}`);
  const hubOrigin = new URL(page.url()).origin;
  await page.getByRole('link', { name: organisation, exact: true }).click();
  await page.getByLabel('Användarnamn').fill(login);
  await page.getByLabel('Lösenord').fill(DEVELOPMENT_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${hubOrigin}${returnTo}`);
}
