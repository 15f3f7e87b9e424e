import { useEffect, useState } from 'preact/hooks';

/**
 * The signed-in person as the gateway's session says (GET /auth/session). The pages never see a
 * token: the browser holds only the gateway's HttpOnly session cookie, which every request to the
 * hub carries by itself.
 */
export interface SessionState {
  signedIn: boolean;
  organisation: string | null;
  role: 'editor' | 'reader' | null;
  name: string | null;
  expiresAt: string | null;
}

export interface Organisation {
  slug: string;
  name: string;
}

/** Set while this tab is signed in, so that a session that ended by itself is told apart from never signing in. */
const WAS_SIGNED_IN = 'loftesnavet-inloggad';

let current: SessionState | undefined;
let asking: Promise<SessionState> | undefined;
const listeners = new Set<(session: SessionState) => void>();

export function refreshSession(): Promise<SessionState> {
  asking ??= fetch('/auth/session', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : { signedIn: false }))
    .catch(() => ({ signedIn: false }))
    .then((session: SessionState) => {
      current = session;
      for (const listener of listeners) listener(session);
      return session;
    })
    .finally(() => {
      asking = undefined;
    });
  return asking;
}

/** The session, asked when a page first needs it and again when the tab comes back into view. */
export function useSession(): SessionState | undefined {
  const [session, setSession] = useState(current);
  useEffect(() => {
    listeners.add(setSession);
    // The answer may have come between this render and this effect, before the listener was added.
    if (current) setSession(current);
    else void refreshSession();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshSession();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      listeners.delete(setSession);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return session;
}

/** Whether this tab was signed in and its session has ended since (not by signing out). */
export function useSignedOutByItself(session: SessionState | undefined): boolean {
  if (!session) return false;
  if (session.signedIn) {
    sessionStorage.setItem(WAS_SIGNED_IN, 'ja');
    return false;
  }
  return sessionStorage.getItem(WAS_SIGNED_IN) !== null;
}

let organisationsAsked: Promise<Organisation[]> | undefined;

/** The organisations staff sign in for, with their proper names ("Bjurholms kommun"); asked once per page load. */
export function useOrganisations(): Organisation[] | undefined {
  const [organisations, setOrganisations] = useState<Organisation[]>();
  useEffect(() => {
    organisationsAsked ??= fetch('/auth/organisations')
      .then((response) => (response.ok ? response.json() : []))
      .catch(() => []);
    void organisationsAsked.then(setOrganisations);
  }, []);
  return organisations;
}

export const currentPath = () => location.pathname + location.search;

/** Where sign-in with an organisation's own provider starts; the gateway brings the browser back to `returnTo`. */
export function signInUrl(organisation: string, returnTo = currentPath()): string {
  return `/auth/login?org=${encodeURIComponent(organisation)}&returnTo=${encodeURIComponent(returnTo)}`;
}

/** The sign-in page, which lists the organisations. */
export const signInPagePath = (returnTo = currentPath()) => `/logga-in?tillbaka=${encodeURIComponent(returnTo)}`;

/** Ends the session at the gateway, and at the provider where it offers that. */
export async function signOut(): Promise<void> {
  sessionStorage.removeItem(WAS_SIGNED_IN);
  const response = await fetch('/auth/logout', { method: 'POST' });
  const { logoutUrl } = response.ok ? ((await response.json()) as { logoutUrl: string | null }) : { logoutUrl: null };
  location.assign(logoutUrl ?? '/');
}

export const roleText = { editor: 'redaktör', reader: 'läsare' } as const;

/** The header's sign-in status: who is signed in, or a way to sign in. */
export function SessionStatus() {
  const session = useSession();
  const organisations = useOrganisations();
  if (!session) return null;
  if (!session.signedIn)
    return (
      <a class="session" href={signInPagePath()}>
        Logga in
      </a>
    );
  const organisation = organisations?.find((o) => o.slug === session.organisation)?.name ?? session.organisation;
  return (
    <span class="session">
      Inloggad: {session.name ?? 'okänt namn'}, {organisation}, {roleText[session.role!]}{' '}
      <button type="button" class="link-button" onClick={() => void signOut()}>
        Logga ut
      </button>
    </span>
  );
}

/** Says so when this tab's session has ended by itself; reads go on anonymously. */
export function SignedOutNotice() {
  const session = useSession();
  if (!useSignedOutByItself(session)) return null;
  return (
    <p role="status" class="notice">
      Du är utloggad. Det du ser nu är det alla kan se. <a href={signInPagePath()}>Logga in igen</a>
    </p>
  );
}

/** The sign-in page: one link per organisation, each to its own identity provider. */
export function SignInPage() {
  const organisations = useOrganisations();
  const returnTo = new URLSearchParams(location.search).get('tillbaka') ?? '/redigera';
  return (
    <>
      <h1>Logga in</h1>
      <p>
        Välj din organisation. Du loggar in hos organisationens egen inloggningstjänst och kommer sedan tillbaka hit.
      </p>
      {!organisations ? (
        <p>Laddar …</p>
      ) : organisations.length === 0 ? (
        <p role="alert" class="alert">
          Inloggning är inte inställd för navet.
        </p>
      ) : (
        <ul class="sign-in-list">
          {organisations.map((o) => (
            <li key={o.slug}>
              <a href={signInUrl(o.slug, returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/')}>
                {o.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
