import { COORDINATOR_ORGANISATION } from '../../domain/access.js';
import type { Region } from '../../domain/region.js';

/** One person at the development provider; `roles` holds the provider's own role names, mapped to the hub's by server/identity-providers.ts. */
export interface DevelopmentAccount {
  login: string;
  name: string;
  organisation: string;
  roles: string[];
}

/** Every account's password, shown on the provider's pages and in the README: development only. */
export const DEVELOPMENT_PASSWORD = 'utveckling';

/** An editor and a reader for every party, and a regional coordinator. */
export function developmentAccounts(region: Region): DevelopmentAccount[] {
  const party = (prefix: string, organisation: string, name: string): DevelopmentAccount[] => [
    { login: `${prefix}-redaktor`, name: `Redaktör, ${name}`, organisation, roles: ['redaktor'] },
    { login: `${prefix}-lasare`, name: `Läsare, ${name}`, organisation, roles: ['lasare'] },
  ];
  return [
    ...region.kommuner.flatMap((k) => party(k.slug, k.slug, k.organisation)),
    ...party('polis', region.policeArea.slug, region.policeArea.name),
    {
      login: 'region-samordnare',
      name: 'Regional samordnare',
      organisation: COORDINATOR_ORGANISATION,
      roles: ['samordnare'],
    },
  ];
}
