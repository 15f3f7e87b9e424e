import { describe, expect, it } from 'vitest';
import { region } from '../../domain/region.js';
import {
  developmentIdentityProvider,
  type IdentityProvider,
  identityProvidersFromEnv,
  parseIdentityProviders,
  viewerFromProviderClaims,
} from '../../server/identity-providers.js';

// How a provider's claims become the hub's organisation and role: a kommun's own tenant speaks
// for that kommun alone, a broker for the organisations it is bound to, by a claim.

const umeaTenant = parseIdentityProviders(
  [
    {
      issuer: 'https://login.microsoftonline.com/umea-tenant/v2.0',
      audience: 'api://loftesnavet',
      organisations: ['umea'],
      roles: { editor: ['Loftesnavet.Redaktor'], reader: ['Loftesnavet.Lasare'] },
    },
  ],
  region,
)[0]!;
const broker = developmentIdentityProvider(region, 'https://idp.region.example');

function claims(provider: IdentityProvider, payload: Record<string, unknown>) {
  return viewerFromProviderClaims(provider, payload, 'person-1');
}

describe('a kommun’s own provider', () => {
  it('speaks for its kommun, with the role its roles claim grants and the person’s name', () => {
    expect(claims(umeaTenant, { roles: ['Loftesnavet.Redaktor'], name: 'Åsa Öberg' })).toEqual({
      kind: 'member',
      subject: 'person-1',
      organisation: 'umea',
      role: 'editor',
      issuer: 'https://login.microsoftonline.com/umea-tenant/v2.0',
      name: 'Åsa Öberg',
    });
    expect(claims(umeaTenant, { roles: 'Loftesnavet.Lasare' }).role).toBe('reader');
    // Editor wins over reader when both are held.
    expect(claims(umeaTenant, { roles: ['Loftesnavet.Lasare', 'Loftesnavet.Redaktor'] }).role).toBe('editor');
  });

  it('is refused when its token names another organisation, or grants no hub role', () => {
    expect(() => claims(umeaTenant, { roles: ['Loftesnavet.Redaktor'], org: 'vannas' })).toThrow(
      'Invalid token: this provider may not speak for organisation "vannas" (issuer https://login.microsoftonline.com/umea-tenant/v2.0)',
    );
    expect(() => claims(umeaTenant, { roles: ['Gäst'] })).toThrow('claim "roles" grants no role in the hub');
    expect(() => claims(umeaTenant, {})).toThrow('claim "roles" grants no role in the hub');
  });

  it('drops a display name with control characters rather than writing it to the audit log', () => {
    expect(claims(umeaTenant, { roles: ['Loftesnavet.Redaktor'], name: 'Åsa\u202eÖberg' })).not.toHaveProperty('name');
    expect(claims(umeaTenant, { roles: ['Loftesnavet.Redaktor'], name: '  ' })).not.toHaveProperty('name');
  });
});

describe('a regional broker', () => {
  it('speaks for the organisation its claim names, among those it is bound to', () => {
    expect(claims(broker, { org: 'vannas', roles: ['redaktor'] })).toMatchObject({
      organisation: 'vannas',
      role: 'editor',
    });
    expect(claims(broker, { org: 'region', roles: ['samordnare'] })).toMatchObject({
      organisation: 'region',
      role: 'reader',
    });
    const twoKommuner = { ...broker, organisations: ['umea', 'vannas'] };
    expect(() => claims(twoKommuner, { org: 'bjurholm', roles: ['redaktor'] })).toThrow(
      'may not speak for organisation "bjurholm"',
    );
    expect(() => claims(broker, { roles: ['redaktor'] })).toThrow('claim "org" names no organisation');
    expect(() => claims(broker, { org: ['umea', 'vannas'], roles: ['redaktor'] })).toThrow(
      'more than one organisation',
    );
  });
});

describe('the provider list', () => {
  it('refuses an organisation the region does not have, a provider listed twice, and one tenant for two kommuner', () => {
    const entry = { issuer: 'https://idp.example', audience: 'hub', roles: { editor: ['e'], reader: ['r'] } };
    expect(() => parseIdentityProviders([{ ...entry, organisations: ['stockholm'] }], region)).toThrow(
      'unknown organisation(s) stockholm',
    );
    expect(() =>
      parseIdentityProviders(
        [
          { ...entry, organisations: ['umea'] },
          { ...entry, organisations: ['vannas'] },
        ],
        region,
      ),
    ).toThrow('https://idp.example is listed twice');
    expect(() => parseIdentityProviders([{ ...entry, organisations: ['umea', 'vannas'] }], region)).toThrow(
      'exactly one organisation',
    );
    expect(() =>
      parseIdentityProviders([{ ...entry, issuer: 'not a url', organisations: ['umea'] }], region),
    ).toThrow();
  });

  it('is the development provider in development, and none in production without IDENTITY_PROVIDERS_FILE', () => {
    expect(identityProvidersFromEnv(region, {}).map((p) => p.issuer)).toEqual(['http://localhost:4009']);
    expect(identityProvidersFromEnv(region, { DEV_IDENTITY_PROVIDER_URL: 'http://localhost:5009' })[0]!.issuer).toBe(
      'http://localhost:5009',
    );
    expect(identityProvidersFromEnv(region, { NODE_ENV: 'production' })).toEqual([]);
    expect(identityProvidersFromEnv(region, {}, true)).toEqual([]);
  });
});
