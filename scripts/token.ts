import { parseArgs } from 'node:util';
import { COORDINATOR_ORGANISATION, type Role, roles } from '../domain/access.js';
import { region } from '../domain/region.js';
import { authConfigFromEnv, signDevelopmentToken } from '../server/auth.js';

/**
 * `npm run token -- --org umea --role editor`: prints a development token signed with
 * AUTH_SECRET (or the development default). Production tokens come from the identity provider.
 */
const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    role: { type: 'string', default: 'editor' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});
const organisations = [...region.kommuner.map((k) => k.slug), region.policeArea.slug, COORDINATOR_ORGANISATION];
if (!values.org || !organisations.includes(values.org) || !roles.includes(values.role as Role)) {
  console.error(
    `Usage: npm run token -- --org <${organisations.join('|')}> [--role ${roles.join('|')}] [--sub name] [--expires 8h]`,
  );
  process.exit(2);
}
const config = authConfigFromEnv();
if (!config.secret) {
  console.error('Tokens are verified against AUTH_JWKS_URL here; get one from the identity provider.');
  process.exit(2);
}
const token = await signDevelopmentToken(
  { subject: values.sub ?? `${values.role}@${values.org}`, organisation: values.org, role: values.role as Role },
  config.secret,
  values.expires,
);
console.log(token);
