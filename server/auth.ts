import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { anonymous, COORDINATOR_ORGANISATION, roles, type Role, type Viewer } from '../domain/access.js';
import { unauthenticated } from '../domain/errors.js';
import type { Region } from '../domain/region.js';

/**
 * Bearer JWTs. Development signs and verifies with HS256 and a shared AUTH_SECRET; production
 * verifies against the identity provider's keys at AUTH_JWKS_URL. Claims: `sub`, `org` (a slug
 * from the region config, or `region` for coordinators) and `role` (`editor` or `reader`).
 */
export interface AuthConfig {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Used only when neither AUTH_SECRET nor AUTH_JWKS_URL is set outside production. */
export const DEVELOPMENT_SECRET = 'loftesnavet-development-only-secret';

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const config: AuthConfig = {
    secret: env.AUTH_SECRET || undefined,
    jwksUrl: env.AUTH_JWKS_URL || undefined,
    issuer: env.AUTH_ISSUER || undefined,
    audience: env.AUTH_AUDIENCE || undefined,
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
  const organisations = new Set([COORDINATOR_ORGANISATION, region.policeArea.slug, ...region.kommuner.map((k) => k.slug)]);

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
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw unauthenticated(`Invalid token: ${(error as Error).message}`, { refuseRequest: true });
    }
    const { sub, org, role } = payload as JWTPayload & { org?: unknown; role?: unknown };
    if (typeof org !== 'string' || !organisations.has(org)) throw unauthenticated(`Invalid token: unknown organisation "${String(org)}"`, { refuseRequest: true });
    if (!roles.includes(role as Role)) throw unauthenticated(`Invalid token: role must be one of ${roles.join(', ')}`, { refuseRequest: true });
    return { kind: 'member', subject: sub!, organisation: org, role: role as Role };
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
