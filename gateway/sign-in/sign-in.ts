import { randomBytes } from 'node:crypto';
import type express from 'express';
import * as oidc from 'openid-client';
import { COORDINATOR_ORGANISATION, type Viewer } from '../../domain/access.js';
import type { Region } from '../../domain/region.js';
import type { ViewerFromHeader } from '../../server/auth.js';
import { DEVELOPMENT_IDENTITY_PROVIDER, type IdentityProvider } from '../../server/identity-providers.js';
import type { SessionStore } from './session-store.js';
import { sendSignInProblem } from './sign-in-pages.js';

/**
 * Staff sign-in as a backend for the pages (the IETF's "OAuth 2.0 for Browser-Based Applications"):
 * the gateway is the OpenID Connect client of each organisation's provider, runs the authorization
 * code flow with PKCE (S256), `state` and `nonce`, and keeps the tokens in its session store. The
 * browser holds only an HttpOnly session cookie; requests that carry it reach the GraphQL endpoint
 * and the exports with the session's access token as their `Authorization`, so the subgraphs
 * verify the person as they verify any bearer token. The routes: GET /auth/login?org=<slug>,
 * GET /auth/callback, GET /auth/session, POST /auth/logout (docs/sign-in.md).
 */
export interface SignInOptions {
  /** The providers with a `client` are offered for sign-in, for their organisations. */
  providers: IdentityProvider[];
  region: Region;
  store: SessionStore;
  verifyViewer: ViewerFromHeader;
  /** The hub's address as browsers see it (HUB_PUBLIC_URL); the callback is `<publicUrl>/auth/callback`. */
  publicUrl: () => string;
  /** A session's whole life, renewed tokens or not (SESSION_LIFETIME_SECONDS, default 8 hours). */
  sessionSeconds: number;
  /** `Secure` cookies with the `__Host-` prefix; on outside development or over https. */
  secureCookies: boolean;
  /** Client secrets by the variable each provider names. */
  env: NodeJS.ProcessEnv;
  production: boolean;
}

interface Session {
  issuer: string;
  organisation: string;
  role: 'editor' | 'reader';
  name: string | null;
  accessToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
  refreshToken: string | null;
  idToken: string | null;
  expiresAt: number;
}

interface PendingSignIn {
  /** The random value of the sign-in cookie: the callback must come back to the browser that started it. */
  binding: string;
  issuer: string;
  organisation: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** What GET /auth/session answers. */
export interface SessionState {
  signedIn: boolean;
  organisation: string | null;
  role: 'editor' | 'reader' | null;
  name: string | null;
  expiresAt: string | null;
}

const PENDING_SECONDS = 600;
/** An access token this close to its end is renewed before it is used. */
const RENEW_BEFORE_MS = 30_000;
const signedOut: SessionState = { signedIn: false, organisation: null, role: null, name: null, expiresAt: null };

function randomId(): string {
  return randomBytes(32).toString('base64url');
}

function cookieOf(req: express.Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

/** A path on this site to return to after sign-in; anything else (another site, `//host`) is refused. */
export function returnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return undefined;
  return value.length <= 2000 && ![...value].some((c) => c.charCodeAt(0) < 0x20) ? value : undefined;
}

/** Serves the /auth routes, and lends a signed-in browser's requests its session's access token. */
export function serveSignIn(app: express.Express, options: SignInOptions): void {
  const { store, verifyViewer } = options;
  const sessionCookie = options.secureCookies ? '__Host-loftesnavet-session' : 'loftesnavet-session';
  const pendingCookie = options.secureCookies ? '__Host-loftesnavet-sign-in' : 'loftesnavet-sign-in';
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies,
    path: '/',
  };
  const byIssuer = new Map(options.providers.filter((p) => p.client).map((p) => [p.issuer, p]));
  const configurations = new Map<string, Promise<oidc.Configuration>>();
  const renewals = new Map<string, Promise<Session | undefined>>();

  const clientSecret = (provider: IdentityProvider) => {
    const variable = provider.client!.secretVariable;
    const secret = options.env[variable];
    if (secret) return secret;
    if (!options.production && variable === DEVELOPMENT_IDENTITY_PROVIDER.clientSecretVariable)
      return DEVELOPMENT_IDENTITY_PROVIDER.clientSecret;
    throw new Error(`Set ${variable}: the client secret of the hub at ${provider.issuer}`);
  };
  for (const provider of byIssuer.values()) clientSecret(provider); // a missing secret stops the start

  /** The provider's discovered configuration; asked again after a failure (the provider may be back). */
  const configurationOf = (provider: IdentityProvider): Promise<oidc.Configuration> => {
    let configuration = configurations.get(provider.issuer);
    if (!configuration) {
      const insecure = !options.production && provider.issuer.startsWith('http:');
      configuration = oidc
        .discovery(new URL(provider.issuer), provider.client!.id, clientSecret(provider), undefined, {
          ...(insecure && { execute: [oidc.allowInsecureRequests] }),
          timeout: 5,
        })
        .catch((error: unknown) => {
          configurations.delete(provider.issuer);
          throw error;
        });
      configurations.set(provider.issuer, configuration);
    }
    return configuration;
  };

  const callbackUrl = () => `${options.publicUrl()}/auth/callback`;
  const fromOwnSite = (req: express.Request) => {
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    return (
      (origin === undefined || origin === new URL(options.publicUrl()).origin) &&
      (site === undefined || site === 'same-origin' || site === 'none')
    );
  };
  const member = async (accessToken: string): Promise<Extract<Viewer, { kind: 'member' }> | undefined> => {
    const viewer = await verifyViewer(`Bearer ${accessToken}`).catch(() => undefined);
    return viewer?.kind === 'member' ? viewer : undefined;
  };
  const endSession = async (res: express.Response, id: string | undefined) => {
    if (id) await store.delete(`session:${id}`);
    res.clearCookie(sessionCookie, cookieOptions);
  };

  /** Renews the access token with the refresh token; once per session at a time in this process. */
  const renew = (id: string, session: Session): Promise<Session | undefined> => {
    const running = renewals.get(id);
    if (running) return running;
    const renewal = (async () => {
      const provider = byIssuer.get(session.issuer);
      if (!provider || !session.refreshToken) return undefined;
      const tokens = await oidc.refreshTokenGrant(await configurationOf(provider), session.refreshToken);
      const viewer = await member(tokens.access_token);
      if (!viewer) return undefined;
      const renewed: Session = {
        ...session,
        organisation: viewer.organisation,
        role: viewer.role,
        name: viewer.name ?? session.name,
        accessToken: tokens.access_token,
        accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
        refreshToken: tokens.refresh_token ?? session.refreshToken,
        idToken: tokens.id_token ?? session.idToken,
      };
      await store.set(`session:${id}`, renewed, (session.expiresAt - Date.now()) / 1000);
      return renewed;
    })()
      .catch(() => undefined)
      .finally(() => renewals.delete(id));
    renewals.set(id, renewal);
    return renewal;
  };

  /** The browser's session with a usable access token; `ended` when its cookie names none (any more). */
  const currentSession = async (
    req: express.Request,
  ): Promise<{ id: string; session: Session } | 'ended' | undefined> => {
    const id = cookieOf(req, sessionCookie);
    if (!id) return undefined;
    let session = await store.get<Session>(`session:${id}`);
    if (session && session.expiresAt <= Date.now()) session = undefined;
    if (session && session.accessTokenExpiresAt - Date.now() < RENEW_BEFORE_MS) session = await renew(id, session);
    if (!session) {
      await store.delete(`session:${id}`);
      return 'ended';
    }
    return { id, session };
  };

  app.use('/auth', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  // The organisations the pages offer sign-in for, with their proper names, in the region's order.
  const organisationNames: [string, string][] = [
    ...options.region.kommuner.map((k): [string, string] => [k.slug, k.organisation]),
    [options.region.policeArea.slug, options.region.policeArea.name],
    [COORDINATOR_ORGANISATION, 'Regional samordning'],
  ];
  const offered = organisationNames
    .filter(([slug]) => [...byIssuer.values()].some((p) => p.organisations.includes(slug)))
    .map(([slug, name]) => ({ slug, name }));
  app.get('/auth/organisations', (_req, res) => {
    res.json(offered);
  });

  app.get('/auth/login', async (req, res) => {
    const organisation = typeof req.query.org === 'string' ? req.query.org : '';
    const provider = [...byIssuer.values()].find((p) => p.organisations.includes(organisation));
    if (!provider) {
      sendSignInProblem(res, 400, `Det finns ingen inloggning för organisationen ”${organisation}” i Löftesnavet.`);
      return;
    }
    const referer = req.get('referer');
    const ownReferer =
      referer && URL.canParse(referer) && new URL(referer).origin === new URL(options.publicUrl()).origin
        ? new URL(referer)
        : undefined;
    const returnTo =
      returnPath(req.query.returnTo) ?? (ownReferer && returnPath(ownReferer.pathname + ownReferer.search)) ?? '/';
    let configuration: oidc.Configuration;
    try {
      configuration = await configurationOf(provider);
    } catch {
      sendSignInProblem(res, 503, 'Inloggningstjänsten kan inte nås just nu. Försök igen om en stund.', {
        organisation,
        returnTo,
      });
      return;
    }
    const state = oidc.randomState();
    const pending: PendingSignIn = {
      binding: randomId(),
      issuer: provider.issuer,
      organisation,
      codeVerifier: oidc.randomPKCECodeVerifier(),
      nonce: oidc.randomNonce(),
      returnTo,
    };
    await store.set(`pending:${state}`, pending, PENDING_SECONDS);
    res.cookie(pendingCookie, pending.binding, { ...cookieOptions, maxAge: PENDING_SECONDS * 1000 });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: callbackUrl(),
      scope: provider.client!.scope,
      state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      ...(provider.client!.resource && { resource: provider.client!.resource }),
    });
    res.redirect(303, url.href);
  });

  app.get('/auth/callback', async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const pending = state ? await store.take<PendingSignIn>(`pending:${state}`) : undefined;
    const binding = cookieOf(req, pendingCookie);
    res.clearCookie(pendingCookie, cookieOptions);
    const provider = pending && byIssuer.get(pending.issuer);
    if (!pending || !provider || !binding || binding !== pending.binding) {
      sendSignInProblem(
        res,
        400,
        'Inloggningen kunde inte slutföras: den har redan använts, har gått ut eller påbörjades i en annan webbläsare. Logga in igen.',
      );
      return;
    }
    const retry = { organisation: pending.organisation, returnTo: pending.returnTo };
    if (typeof req.query.error === 'string') {
      sendSignInProblem(res, 401, 'Inloggningen avbröts eller nekades hos inloggningstjänsten.', retry);
      return;
    }
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      const current = new URL(callbackUrl());
      current.search = new URL(req.originalUrl, 'http://callback').search;
      tokens = await oidc.authorizationCodeGrant(await configurationOf(provider), current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state!,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      req.log?.warn(
        { event: 'sign-in refused', issuer: provider.issuer, reason: (error as Error).name },
        'sign-in refused',
      );
      sendSignInProblem(res, 400, 'Inloggningen kunde inte slutföras. Logga in igen.', retry);
      return;
    }
    const viewer = await member(tokens.access_token);
    if (!viewer) {
      req.log?.warn({ event: 'sign-in refused', issuer: provider.issuer, reason: 'token refused' }, 'sign-in refused');
      sendSignInProblem(
        res,
        403,
        'Kontot du loggade in med ger ingen behörighet i Löftesnavet för den här organisationen.',
        retry,
      );
      return;
    }
    // A new session id at every sign-in: one a browser held before (or was given) is never signed in.
    await endSession(res, cookieOf(req, sessionCookie));
    const id = randomId();
    const now = Date.now();
    const session: Session = {
      issuer: provider.issuer,
      organisation: viewer.organisation,
      role: viewer.role,
      name: viewer.name ?? null,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: now + (tokens.expiresIn() ?? 300) * 1000,
      refreshToken: tokens.refresh_token ?? null,
      idToken: tokens.id_token ?? null,
      expiresAt: now + options.sessionSeconds * 1000,
    };
    await store.set(`session:${id}`, session, options.sessionSeconds);
    res.cookie(sessionCookie, id, { ...cookieOptions, maxAge: options.sessionSeconds * 1000 });
    req.log?.info(
      { event: 'signed in', issuer: provider.issuer, organisation: viewer.organisation, role: viewer.role },
      'signed in',
    );
    res.redirect(303, pending.returnTo);
  });

  app.get('/auth/session', async (req, res) => {
    const current = await currentSession(req);
    if (current === 'ended') await endSession(res, undefined);
    if (!current || current === 'ended') {
      res.json(signedOut);
      return;
    }
    const { session } = current;
    res.json({
      signedIn: true,
      organisation: session.organisation,
      role: session.role,
      name: session.name,
      expiresAt: new Date(session.expiresAt).toISOString(),
    } satisfies SessionState);
  });

  app.post('/auth/logout', async (req, res) => {
    if (!fromOwnSite(req)) {
      res.status(403).json({ error: 'cross-site', message: 'Utloggning tas bara emot från Löftesnavets egna sidor.' });
      return;
    }
    const id = cookieOf(req, sessionCookie);
    const session = id ? await store.get<Session>(`session:${id}`) : undefined;
    await endSession(res, id);
    let logoutUrl: string | null = null;
    const provider = session && byIssuer.get(session.issuer);
    if (provider) {
      const configuration = await configurationOf(provider).catch(() => undefined);
      // RP-initiated logout where the provider offers it: the browser goes on to end the provider's session too.
      if (configuration?.serverMetadata().end_session_endpoint)
        logoutUrl = oidc.buildEndSessionUrl(configuration, {
          ...(session.idToken && { id_token_hint: session.idToken }),
          post_logout_redirect_uri: `${options.publicUrl()}/`,
        }).href;
    }
    res.json({ ...signedOut, logoutUrl });
  });

  // A signed-in browser's reads and writes: the session's access token stands in for a bearer
  // token. A session that ended makes them anonymous (a write then gets UNAUTHENTICATED).
  app.use(async (req, res, next) => {
    const graphql = req.path === '/graphql' || (req.path === '/' && req.method === 'POST');
    if (!(graphql || req.path.startsWith('/reports/')) || req.headers.authorization) return next();
    if (!cookieOf(req, sessionCookie)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD' && !fromOwnSite(req)) {
      res.status(403).json({
        errors: [
          {
            message: 'A cross-site request carrying the session cookie is refused; send a bearer token instead',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
      return;
    }
    try {
      const current = await currentSession(req);
      if (current === 'ended') await endSession(res, undefined);
      else if (current) req.headers.authorization = `Bearer ${current.session.accessToken}`;
      next();
    } catch (error) {
      next(error);
    }
  });
}
