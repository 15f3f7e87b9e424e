import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Region } from '../../domain/region.js';
import { DEVELOPMENT_IDENTITY_PROVIDER } from '../../server/identity-providers.js';
import { DEVELOPMENT_PASSWORD, type DevelopmentAccount, developmentAccounts } from './accounts.js';
import { errorPage, loggedOutPage, loginPage, logoutPage, startPage } from './pages.js';

/**
 * The development identity provider of `npm start` and the tests: a real OpenID provider
 * (oidc-provider, the certified implementation) with an account for every party and role, its own
 * Swedish sign-in form (fields `login` and `password`) and the hub's gateway as its client. Access
 * tokens for the hub are JWTs (audience urn:loftesnavet:hub) carrying the account's `org`, `roles`
 * and `name`. A reporting client gets coordinator tokens with the client-credentials grant.
 * It refuses to start in production.
 */
export interface DevelopmentIdentityProviderOptions {
  region: Region;
  port?: number | undefined;
  host?: string | undefined;
  /** The host name in the issuer URL (default localhost; tests use 127.0.0.1, the address it listens on). */
  publicHost?: string | undefined;
  /** Where the gateway's sign-in returns to (its `/auth/callback`) and where logout may send the browser. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Default: an editor and a reader of every party and a coordinator (accounts.ts). */
  accounts?: DevelopmentAccount[] | undefined;
  /** How long an access token lives (default 10 minutes); tests make it short to see refreshes. */
  accessTokenSeconds?: number | undefined;
}

export interface RunningIdentityProvider {
  issuer: string;
  accounts: DevelopmentAccount[];
  stop(): Promise<void>;
}

/** The reporting tools' client at the development provider: client-credentials tokens of a coordinator. */
export const DEVELOPMENT_REPORTING_CLIENT = {
  id: 'loftesnavet-rapport',
  secret: 'loftesnavet-development-reporting-secret',
} as const;

const HUB_SCOPE = 'hub';

export async function startDevelopmentIdentityProvider(
  options: DevelopmentIdentityProviderOptions,
): Promise<RunningIdentityProvider> {
  if (process.env.NODE_ENV === 'production')
    throw new Error('The development identity provider never runs with NODE_ENV=production');
  const dev = DEVELOPMENT_IDENTITY_PROVIDER;
  const accounts = options.accounts ?? developmentAccounts(options.region);
  const byLogin = new Map(accounts.map((a) => [a.login, a]));
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.publicHost ?? 'localhost'}:${port}`;

  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: randomBytes(8).toString('hex'),
    alg: 'ES256',
    use: 'sig',
  };
  const tokenClaims = (account: DevelopmentAccount) => ({
    org: account.organisation,
    roles: account.roles,
    name: account.name,
  });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: dev.clientId,
        client_secret: dev.clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
      },
      {
        client_id: DEVELOPMENT_REPORTING_CLIENT.id,
        client_secret: DEVELOPMENT_REPORTING_CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys: [signingKey] },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', HUB_SCOPE],
    claims: { openid: ['sub'], profile: ['name'] },
    async findAccount(_ctx: unknown, id: string) {
      const account = byLogin.get(id);
      return account && { accountId: id, claims: async () => ({ sub: id, name: account.name }) };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: { body: string }, form: string) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx: { body: string }) => {
          ctx.body = loggedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => dev.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: HUB_SCOPE,
          audience: dev.audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: options.accessTokenSeconds ?? 600,
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    // The gateway is a confidential client: it always gets a refresh token to renew the session with.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(grant: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    async extraTokenClaims(_ctx: unknown, token: { accountId?: string; clientId?: string }) {
      if (token.accountId) {
        const account = byLogin.get(token.accountId);
        return account && tokenClaims(account);
      }
      if (token.clientId === DEVELOPMENT_REPORTING_CLIENT.id)
        return { org: 'region', roles: ['samordnare'], name: 'Rapportverktyg (utveckling)' };
      return undefined;
    },
    renderError: async (ctx: { type: string; body: string }, out: { error_description?: string; error?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(out.error_description ?? out.error ?? 'Okänt fel');
    },
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      Session: 8 * 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      AccessToken: options.accessTokenSeconds ?? 600,
      IdToken: 600,
      RefreshToken: 8 * 3600,
      AuthorizationCode: 60,
    },
  });

  app.get('/', (_req, res) => {
    res.type('html').send(startPage(issuer, accounts));
  });
  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      res.type('html').send(loginPage(details.uid, accounts));
    } catch (error) {
      next(error);
    }
  });
  app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const login = String(req.body?.login ?? '');
      const account = byLogin.get(login);
      if (!account || req.body?.password !== DEVELOPMENT_PASSWORD) {
        res
          .status(401)
          .type('html')
          .send(loginPage(details.uid, accounts, 'Fel användarnamn eller lösenord.', login));
        return;
      }
      // The hub is the region's own client: its scopes are granted at sign-in, with no consent page.
      const clientId = details.params.client_id!;
      const grant = new provider.Grant({ accountId: account.login, clientId });
      grant.addOIDCScope(details.params.scope ?? 'openid');
      grant.addResourceScope(dev.audience, HUB_SCOPE);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: account.login }, consent: { grantId } });
    } catch (error) {
      next(error);
    }
  });
  app.get('/interaction/:uid/abort', async (req, res, next) => {
    try {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'Inloggningen avbröts.',
      });
    } catch (error) {
      next(error);
    }
  });
  app.use(provider.callback());
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res
      .status(400)
      .type('html')
      .send(errorPage(`Inloggningen kunde inte fortsätta (${error.message}).`));
  });

  return {
    issuer,
    accounts,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
