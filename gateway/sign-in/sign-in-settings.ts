import { z } from 'zod';

/** The gateway's sign-in settings from the environment, checked once at start; a bad value stops it, naming the variable. */
const SignInEnvironment = z.object({
  /** The hub's address as browsers see it; the providers' redirect URI is `<HUB_PUBLIC_URL>/auth/callback`. */
  HUB_PUBLIC_URL: z.url().optional(),
  /** Keep sessions in Redis, shared by several gateways; default: in this process's memory. */
  SESSION_REDIS_URL: z.url().optional(),
  /** How long a session lasts from sign-in, however often its tokens are renewed. */
  SESSION_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(8 * 3600),
});
export type SignInEnvironment = z.infer<typeof SignInEnvironment>;

export function signInSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SignInEnvironment {
  const values = Object.fromEntries(
    Object.keys(SignInEnvironment.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = SignInEnvironment.safeParse(values);
  if (!parsed.success) throw new Error(`Sign-in settings: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
