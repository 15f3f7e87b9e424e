import { createRemoteJWKSet, decodeJwt, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { anonymous, type Role, roles, type Viewer } from '../domain/access.js';
import { unauthenticated } from '../domain/errors.js';
import type { Region } from '../domain/region.js';
import { forbiddenCharacters, isBlank } from '../domain/validation.js';
import {
  type IdentityProvider,
  identityProvidersFromEnv,
  organisationsOf,
  viewerFromProviderClaims,
} from './identity-providers.js';

/**
 * Bearer JWTs: access tokens of the organisations' OpenID providers (server/identity-providers.ts,
 * which maps their claims to organisation and role), and two simpler kinds: development tokens
 * signed with HS256 and a shared AUTH_SECRET (`npm run token`), and tokens verified against one
 * key set at AUTH_JWKS_URL. Their claims: `sub`, `org` (a slug from the region config, or `region`
 * for coordinators) and `role` (`editor` or `reader`).
 * Every token needs `iat` (not in the future beyond the clock skew) and `exp`, at most
 * `maxLifetimeSeconds` apart, and a `sub` of printable text (it is written to audit logs).
 */
export interface AuthConfig {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Longest a token may live from `iat` to `exp` (AUTH_MAX_TOKEN_LIFETIME_SECONDS, default 24 h). */
  maxLifetimeSeconds?: number | undefined;
  /** How far the issuer's clock may be ahead of or behind this one (AUTH_CLOCK_SKEW_SECONDS, default 60). */
  clockSkewSeconds?: number | undefined;
  /** The OpenID providers whose access tokens are accepted (default: identityProvidersFromEnv). */
  identityProviders?: IdentityProvider[] | undefined;
}

/** Longest `sub` accepted; it is stored in every audit entry. */
const MAX_SUBJECT_LENGTH = 200;

/** Used only when neither AUTH_SECRET nor AUTH_JWKS_URL is set outside production. */
export const DEVELOPMENT_SECRET = 'loftesnavet-development-only-secret';

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const config: AuthConfig = {
    secret: env.AUTH_SECRET || undefined,
    jwksUrl: env.AUTH_JWKS_URL || undefined,
    issuer: env.AUTH_ISSUER || undefined,
    audience: env.AUTH_AUDIENCE || undefined,
    maxLifetimeSeconds: Number(env.AUTH_MAX_TOKEN_LIFETIME_SECONDS) || undefined,
    clockSkewSeconds: Number(env.AUTH_CLOCK_SKEW_SECONDS) || undefined,
  };
  if (!config.secret && !config.jwksUrl) {
    if (env.NODE_ENV === 'production') {
      if (env.IDENTITY_PROVIDERS_FILE) return config;
      throw new Error('Set IDENTITY_PROVIDERS_FILE (or AUTH_JWKS_URL, or AUTH_SECRET) in production');
    }
    config.secret = DEVELOPMENT_SECRET;
  }
  return config;
}

export type ViewerFromHeader = (authorization: string | undefined) => Promise<Viewer>;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256', 'PS256', 'EdDSA'];

/** An identity provider's signing keys, found through its discovery document unless configured; jose caches them and refetches on an unknown `kid` (key rotation). */
function providerKeys(provider: IdentityProvider): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async () => {
    if (provider.jwksUri) return createRemoteJWKSet(new URL(provider.jwksUri));
    const response = await fetch(`${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error('discovery names no jwks_uri');
    return createRemoteJWKSet(new URL(jwksUri));
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined; // asked again with the next token
      throw error;
    });
    return (await keys)(header, token);
  };
}

/**
 * Verifies the `Authorization` header: none is anonymous; anything else must be a valid token:
 * an access token of a configured identity provider (by its `iss`, each provider bound to its
 * organisations), a development token (HS256 with AUTH_SECRET), or one verified by AUTH_JWKS_URL.
 */
export function createViewerVerifier(config: AuthConfig, region: Region): ViewerFromHeader {
  const legacyKey: Uint8Array | JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : config.secret
      ? new TextEncoder().encode(config.secret)
      : undefined;
  const legacyAlgorithms = config.jwksUrl ? ASYMMETRIC_ALGORITHMS : ['HS256'];
  const providers = new Map(
    (config.identityProviders ?? identityProvidersFromEnv(region)).map((p) => [
      p.issuer,
      { provider: p, keys: providerKeys(p) },
    ]),
  );
  const organisations = new Set(organisationsOf(region));
  const maxLifetime = config.maxLifetimeSeconds ?? 24 * 3600;
  const clockSkew = config.clockSkewSeconds ?? 60;
  const invalid = (why: string) => unauthenticated(`Invalid token: ${why}`, { refuseRequest: true });

  return async (authorization) => {
    if (!authorization) return anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"', { refuseRequest: true });
    const token = match[1]!;
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalid('not a JWT');
    }
    const trusted = typeof issuer === 'string' ? providers.get(issuer) : undefined;
    // Development tokens have no issuer; AUTH_JWKS_URL's have AUTH_ISSUER's (or any, when it is not set).
    const legacy =
      !trusted &&
      legacyKey &&
      (issuer === undefined || (config.jwksUrl && (!config.issuer || issuer === config.issuer)));
    if (!trusted && !legacy) throw invalid(`issuer "${String(issuer)}" is not trusted`);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (trusted?.keys ?? legacyKey) as Uint8Array, {
        algorithms: trusted ? ASYMMETRIC_ALGORITHMS : legacyAlgorithms,
        ...(trusted
          ? { issuer: trusted.provider.issuer, audience: trusted.provider.audience }
          : {
              ...(config.issuer && { issuer: config.issuer }),
              ...(config.audience && { audience: config.audience }),
            }),
        requiredClaims: ['sub', 'iat', 'exp'],
        // With maxTokenAge, jose also refuses an `iat` in the future (beyond the tolerance).
        maxTokenAge: maxLifetime,
        clockTolerance: clockSkew,
      }));
    } catch (error) {
      throw invalid((error as Error).message);
    }
    const { sub, org, role, iat, exp } = payload as JWTPayload & { org?: unknown; role?: unknown };
    if (exp! - iat! > maxLifetime) throw invalid(`it may live at most ${maxLifetime} seconds from iat to exp`);
    if (
      typeof sub !== 'string' ||
      isBlank(sub) ||
      sub.length > MAX_SUBJECT_LENGTH ||
      /[\t\n\r]/.test(sub) ||
      forbiddenCharacters(sub)
    ) {
      throw invalid(`sub must be 1 to ${MAX_SUBJECT_LENGTH} printable characters`);
    }
    if (trusted) return viewerFromProviderClaims(trusted.provider, payload, sub.normalize('NFC'));
    if (typeof org !== 'string' || !organisations.has(org)) throw invalid(`unknown organisation "${String(org)}"`);
    if (!roles.includes(role as Role)) throw invalid(`role must be one of ${roles.join(', ')}`);
    return { kind: 'member', subject: sub.normalize('NFC'), organisation: org, role: role as Role };
  };
}

/** Signs a development token with the shared secret (see `npm run token`). */
export function signDevelopmentToken(
  claims: { subject: string; organisation: string; role: Role },
  secret: string,
  expiresIn: string | number = '8h',
): Promise<string> {
  return new SignJWT({ org: claims.organisation, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
