import { SignJWT } from 'jose';
import type { Role } from '../../domain/access.js';
import { DEVELOPMENT_SECRET, signDevelopmentToken } from '../../server/auth.js';

/** `Authorization` headers for the tests, signed as the subgraphs verify them by default. */
export async function bearer(organisation: string, role: Role = 'editor'): Promise<Record<string, string>> {
  const token = await signDevelopmentToken(
    { subject: `${role}@${organisation}`, organisation, role },
    DEVELOPMENT_SECRET,
  );
  return { authorization: `Bearer ${token}` };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must all be refused with UNAUTHENTICATED. */
export async function badTokens(organisation: string): Promise<Record<string, Record<string, string>>> {
  const claims = { subject: `editor@${organisation}`, organisation, role: 'editor' as const };
  const now = Math.floor(Date.now() / 1000);
  return {
    'signed with another secret': {
      authorization: `Bearer ${await signDevelopmentToken(claims, 'not-the-secret-of-this-hub')}`,
    },
    expired: { authorization: `Bearer ${await signDevelopmentToken(claims, DEVELOPMENT_SECRET, now - 60)}` },
    'alg none': {
      authorization: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: claims.subject, org: organisation, role: 'editor', exp: now + 3600 })}.`,
    },
    'not a bearer token': { authorization: 'Basic dXNlcjpwYXNz' },
    'iat an hour in the future': await signedBearer({ ...claimsOf(claims), iat: now + 3600, exp: now + 7200 }),
    'exp in the year 3000': await signedBearer({ ...claimsOf(claims), iat: now, exp: Date.UTC(3000, 0, 1) / 1000 }),
    'no iat': await signedBearer({ ...claimsOf(claims), exp: now + 3600 }),
    'empty sub': await signedBearer({ ...claimsOf(claims), sub: '', iat: now, exp: now + 3600 }),
    'a 4 000-character sub': await signedBearer({
      ...claimsOf(claims),
      sub: 'x'.repeat(4_000),
      iat: now,
      exp: now + 3600,
    }),
    'a sub with a newline': await signedBearer({
      ...claimsOf(claims),
      sub: 'editor\nforged audit line',
      iat: now,
      exp: now + 3600,
    }),
  };
}

const claimsOf = (claims: { subject: string; organisation: string; role: Role }) => ({
  sub: claims.subject,
  org: claims.organisation,
  role: claims.role,
});

/** A token with exactly these claims, validly signed with the development secret. */
async function signedBearer(payload: Record<string, unknown>): Promise<Record<string, string>> {
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(DEVELOPMENT_SECRET));
  return { authorization: `Bearer ${token}` };
}
