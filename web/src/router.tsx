import { useEffect, useState } from 'preact/hooks';

/** The pages and their URLs; the gateway answers every one of them with index.html. */
export type Route =
  | { page: 'overview' }
  | { page: 'kommun'; slug: string }
  | { page: 'report'; slug: string; promiseId: string }
  | { page: 'editor' }
  | { page: 'sign-in' }
  | { page: 'not-found' };

export function routeOf(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'overview' };
  if (parts[0] === 'redigera' && parts.length === 1) return { page: 'editor' };
  if (parts[0] === 'logga-in' && parts.length === 1) return { page: 'sign-in' };
  if (parts[0] === 'kommun' && parts[1] && /^[a-z]+$/.test(parts[1])) {
    if (parts.length === 2) return { page: 'kommun', slug: parts[1] };
    if (parts[2] === 'loften' && parts[3] && parts.length === 4)
      return { page: 'report', slug: parts[1], promiseId: parts[3] };
  }
  return { page: 'not-found' };
}

export const kommunPath = (slug: string) => `/kommun/${slug}`;
export const reportPath = (slug: string, promiseId: string) =>
  `/kommun/${slug}/loften/${encodeURIComponent(promiseId)}`;

/** The current route; same-origin link clicks move through history instead of loading the page again. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest('a');
      if (!link || link.origin !== location.origin || link.target || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      // The explorer, sign-in and the exports are the gateway's own, not pages of this front end.
      if (link.pathname === '/graphql' || /^\/(auth|reports)\//.test(link.pathname)) return;
      event.preventDefault();
      history.pushState(null, '', link.href);
      update();
      window.scrollTo(0, 0);
    };
    addEventListener('popstate', update);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', update);
      document.removeEventListener('click', onClick);
    };
  }, []);
  return route;
}
