import type { Role } from '../../domain/access.js';
import { DEVELOPMENT_SECRET, signDevelopmentToken } from '../../server/auth.js';

/** `Authorization` headers for the tests, signed as the subgraphs verify them by default. */
export async function bearer(organisation: string, role: Role = 'editor'): Promise<Record<string, string>> {
  const token = await signDevelopmentToken({ subject: `${role}@${organisation}`, organisation, role }, DEVELOPMENT_SECRET);
  return { authorization: `Bearer ${token}` };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must all be refused with UNAUTHENTICATED. */
export async function badTokens(organisation: string): Promise<Record<string, Record<string, string>>> {
  const claims = { subject: `editor@${organisation}`, organisation, role: 'editor' as const };
  const now = Math.floor(Date.now() / 1000);
  return {
    'signed with another secret': { authorization: `Bearer ${await signDevelopmentToken(claims, 'not-the-secret-of-this-hub')}` },
    expired: { authorization: `Bearer ${await signDevelopmentToken(claims, DEVELOPMENT_SECRET, now - 60)}` },
    'alg none': {
      authorization: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: claims.subject, org: organisation, role: 'editor', exp: now + 3600 })}.`,
    },
    'not a bearer token': { authorization: 'Basic dXNlcjpwYXNz' },
  };
}
