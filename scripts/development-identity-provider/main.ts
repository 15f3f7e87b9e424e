import { loadRegion } from '../../domain/region.js';
import { startDevelopmentIdentityProvider } from './provider.js';

/**
 * `npm start`'s development identity provider as a process: PORT (default 4009), the gateway's
 * public URL in HUB_PUBLIC_URL (default http://localhost:4000) for its redirect URIs.
 */
const port = Number(process.env.PORT || 4009);
const hub = (process.env.HUB_PUBLIC_URL || 'http://localhost:4000').replace(/\/$/, '');
const provider = await startDevelopmentIdentityProvider({
  region: loadRegion(),
  port,
  redirectUris: [`${hub}/auth/callback`],
  postLogoutRedirectUris: [`${hub}/`],
});
console.log(`development identity provider ready at ${provider.issuer}`);
const stop = () => void provider.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
