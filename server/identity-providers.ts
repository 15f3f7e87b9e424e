import fs from 'node:fs';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { COORDINATOR_ORGANISATION, type Role, type Viewer } from '../domain/access.js';
import { unauthenticated } from '../domain/errors.js';
import type { Region } from '../domain/region.js';
import { forbiddenCharacters, isBlank } from '../domain/validation.js';

/**
 * The OpenID providers whose tokens the hub accepts, each bound to the organisations it may speak
 * for: a kommun's own tenant (one organisation, fixed) or a regional broker (several, named by a
 * claim). The gateway signs staff in with them (gateway/sign-in/); every process verifies their
 * access tokens (server/auth.ts). Read from the JSON file IDENTITY_PROVIDERS_FILE; in development,
 * without it, the development provider of `npm start` (DEV_IDENTITY_PROVIDER_URL) as a broker for
 * every party. docs/sign-in.md shows an Entra ID tenant as the worked example.
 */
export const IdentityProviderSchema = z
  .object({
    /** The provider's issuer identifier, exactly as its tokens' `iss` says. */
    issuer: z.url(),
    /** Where its signing keys are; default: `jwks_uri` of its discovery document. */
    jwksUri: z.url().optional(),
    /** The `aud` its access tokens for the hub carry (Entra ID: the hub's application id URI). */
    audience: z.string().min(1),
    /** The organisations it speaks for: slugs of the region config, or `region` for coordinators. */
    organisations: z.array(z.string().min(1)).min(1),
    /** A broker's claim naming the organisation; without it, the provider has exactly one organisation. */
    organisationClaim: z.string().min(1).optional(),
    /** The claim holding the user's roles or groups (a string or a list), and which values mean which hub role. */
    roleClaim: z.string().min(1).default('roles'),
    roles: z.object({ editor: z.array(z.string().min(1)), reader: z.array(z.string().min(1)) }),
    /** The claim with the person's display name, kept in the audit log. */
    nameClaim: z.string().min(1).default('name'),
    /** For staff sign-in at the gateway: the hub's client at this provider. Verification alone needs none of it. */
    client: z
      .object({
        id: z.string().min(1),
        /** The environment variable holding the client secret (never the secret itself in the file). */
        secretVariable: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
        /** What the gateway asks for; the access token must be for `audience`. */
        scope: z.string().default('openid profile offline_access'),
        /** Sent as `resource` (RFC 8707) where the provider needs one to issue a JWT for `audience`. */
        resource: z.url().optional(),
      })
      .optional(),
  })
  .refine((p) => p.organisationClaim !== undefined || p.organisations.length === 1, {
    message: 'a provider without organisationClaim speaks for exactly one organisation',
  });
export type IdentityProvider = z.infer<typeof IdentityProviderSchema>;

const ProvidersSchema = z.array(IdentityProviderSchema);

/** The development provider's defaults (scripts/development-identity-provider.ts). */
export const DEVELOPMENT_IDENTITY_PROVIDER = {
  url: 'http://localhost:4009',
  audience: 'urn:loftesnavet:hub',
  clientId: 'loftesnavet-gateway',
  clientSecretVariable: 'DEV_IDENTITY_CLIENT_SECRET',
  clientSecret: 'loftesnavet-development-client-secret',
  roles: { editor: ['redaktor'], reader: ['lasare', 'samordnare'] },
} as const;

export function organisationsOf(region: Region): string[] {
  return [...region.kommuner.map((k) => k.slug), region.policeArea.slug, COORDINATOR_ORGANISATION];
}

/** The development provider as a broker for every party: accounts name their organisation in `org`. */
export function developmentIdentityProvider(region: Region, url: string): IdentityProvider {
  const dev = DEVELOPMENT_IDENTITY_PROVIDER;
  return {
    issuer: url,
    audience: dev.audience,
    organisations: organisationsOf(region),
    organisationClaim: 'org',
    roleClaim: 'roles',
    roles: { editor: [...dev.roles.editor], reader: [...dev.roles.reader] },
    nameClaim: 'name',
    client: {
      id: dev.clientId,
      secretVariable: dev.clientSecretVariable,
      scope: 'openid profile',
      resource: dev.audience,
    },
  };
}

/** Checks a provider list against the region: every organisation named must be one of its parties. */
export function parseIdentityProviders(input: unknown, region: Region): IdentityProvider[] {
  const providers = ProvidersSchema.parse(input);
  const known = new Set(organisationsOf(region));
  for (const provider of providers) {
    const unknown = provider.organisations.filter((o) => !known.has(o));
    if (unknown.length > 0)
      throw new Error(`Identity provider ${provider.issuer}: unknown organisation(s) ${unknown.join(', ')}`);
  }
  const issuers = providers.map((p) => p.issuer);
  const repeated = issuers.find((issuer, i) => issuers.indexOf(issuer) !== i);
  if (repeated) throw new Error(`Identity provider ${repeated} is listed twice`);
  return providers;
}

/**
 * IDENTITY_PROVIDERS_FILE, else in development the development provider (DEV_IDENTITY_PROVIDER_URL,
 * default http://localhost:4009), else none: production then accepts only AUTH_JWKS_URL's tokens.
 */
export function identityProvidersFromEnv(
  region: Region,
  env: NodeJS.ProcessEnv = process.env,
  production = env.NODE_ENV === 'production',
): IdentityProvider[] {
  const file = env.IDENTITY_PROVIDERS_FILE;
  if (file) {
    try {
      return parseIdentityProviders(JSON.parse(fs.readFileSync(file, 'utf8')), region);
    } catch (error) {
      const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
      throw new Error(`IDENTITY_PROVIDERS_FILE ${file}: ${detail}`);
    }
  }
  if (production) return [];
  return [developmentIdentityProvider(region, env.DEV_IDENTITY_PROVIDER_URL || DEVELOPMENT_IDENTITY_PROVIDER.url)];
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The viewer a provider's verified token speaks for. A kommun's own provider speaks only for that
 * kommun: a token of it that names another organisation (in `org` or the broker claim) is refused,
 * as is a broker's token naming an organisation the broker is not bound to, or one with no hub role.
 */
export function viewerFromProviderClaims(
  provider: IdentityProvider,
  payload: JWTPayload,
  subject: string,
): Extract<Viewer, { kind: 'member' }> {
  const refuse = (why: string) =>
    unauthenticated(`Invalid token: ${why} (issuer ${provider.issuer})`, { refuseRequest: true });
  const claimed = claimValues(payload[provider.organisationClaim ?? 'org']);
  if (claimed.length > 1) throw refuse('it names more than one organisation');
  const organisation = provider.organisationClaim === undefined ? provider.organisations[0]! : claimed[0];
  if (organisation === undefined) throw refuse(`claim "${provider.organisationClaim}" names no organisation`);
  if (!provider.organisations.includes(organisation) || (claimed[0] !== undefined && claimed[0] !== organisation))
    throw refuse(`this provider may not speak for organisation "${claimed[0] ?? organisation}"`);
  const held = claimValues(payload[provider.roleClaim]);
  const role: Role | undefined = held.some((r) => provider.roles.editor.includes(r))
    ? 'editor'
    : held.some((r) => provider.roles.reader.includes(r))
      ? 'reader'
      : undefined;
  if (!role) throw refuse(`claim "${provider.roleClaim}" grants no role in the hub`);
  const name = payload[provider.nameClaim];
  return {
    kind: 'member',
    subject,
    organisation,
    role,
    issuer: provider.issuer,
    ...(typeof name === 'string' &&
      !isBlank(name) &&
      !/[\t\n\r]/.test(name) &&
      !forbiddenCharacters(name) && { name: name.normalize('NFC').slice(0, 200) }),
  };
}
