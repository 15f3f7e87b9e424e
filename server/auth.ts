import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { anonymous, COORDINATOR_ORGANISATION, type Role, roles, type Viewer } from '../domain/access.js';
import { unauthenticated } from '../domain/errors.js';
import type { Region } from '../domain/region.js';
import { forbiddenCharacters, isBlank } from '../domain/validation.js';

/**
 * Bearer JWTs. Development signs and verifies with HS256 and a shared AUTH_SECRET; production
 * verifies against the identity provider's keys at AUTH_JWKS_URL. Claims: `sub`, `org` (a slug
 * from the region config, or `region` for coordinators) and `role` (`editor` or `reader`).
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
    if (env.NODE_ENV === 'production') throw new Error('Set AUTH_JWKS_URL (or AUTH_SECRET) in production');
    config.secret = DEVELOPMENT_SECRET;
  }
  return config;
}

export type ViewerFromHeader = (authorization: string | undefined) => Promise<Viewer>;

/** Verifies the `Authorization` header: none is anonymous; anything else must be a valid token. */
export function createViewerVerifier(config: AuthConfig, region: Region): ViewerFromHeader {
  const key: Uint8Array | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : new TextEncoder().encode(config.secret);
  const algorithms = config.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'];
  const organisations = new Set([
    COORDINATOR_ORGANISATION,
    region.policeArea.slug,
    ...region.kommuner.map((k) => k.slug),
  ]);
  const maxLifetime = config.maxLifetimeSeconds ?? 24 * 3600;
  const clockSkew = config.clockSkewSeconds ?? 60;

  return async (authorization) => {
    if (!authorization) return anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"', { refuseRequest: true });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, key as Uint8Array, {
        algorithms,
        ...(config.issuer && { issuer: config.issuer }),
        ...(config.audience && { audience: config.audience }),
        requiredClaims: ['sub', 'iat', 'exp'],
        // With maxTokenAge, jose also refuses an `iat` in the future (beyond the tolerance).
        maxTokenAge: maxLifetime,
        clockTolerance: clockSkew,
      }));
    } catch (error) {
      throw unauthenticated(`Invalid token: ${(error as Error).message}`, { refuseRequest: true });
    }
    const { sub, org, role, iat, exp } = payload as JWTPayload & { org?: unknown; role?: unknown };
    if (exp! - iat! > maxLifetime)
      throw unauthenticated(`Invalid token: it may live at most ${maxLifetime} seconds from iat to exp`, {
        refuseRequest: true,
      });
    if (
      typeof sub !== 'string' ||
      isBlank(sub) ||
      sub.length > MAX_SUBJECT_LENGTH ||
      /[\t\n\r]/.test(sub) ||
      forbiddenCharacters(sub)
    ) {
      throw unauthenticated(`Invalid token: sub must be 1 to ${MAX_SUBJECT_LENGTH} printable characters`, {
        refuseRequest: true,
      });
    }
    if (typeof org !== 'string' || !organisations.has(org))
      throw unauthenticated(`Invalid token: unknown organisation "${String(org)}"`, { refuseRequest: true });
    if (!roles.includes(role as Role))
      throw unauthenticated(`Invalid token: role must be one of ${roles.join(', ')}`, { refuseRequest: true });
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
