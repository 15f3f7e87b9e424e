import './styles.css';
import { Provider } from '@urql/preact';
import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useRef } from 'preact/hooks';
import { client } from './client.ts';
import { Overview } from './pages/overview.tsx';
import { useRoute } from './router.tsx';
import { SessionStatus, SignedOutNotice, SignInPage } from './session.tsx';

// The overview is the first page and loads with the bundle; the others load when opened.
const KommunPage = lazy(() => import('./pages/kommun-page.tsx').then((m) => m.KommunPage));
const CitizenReportPage = lazy(() => import('./pages/citizen-report.tsx').then((m) => m.CitizenReportPage));
const EditorPage = lazy(() => import('./pages/editor.tsx').then((m) => m.EditorPage));

function Page() {
  const route = useRoute();
  const firstRender = useRef(true);
  // After moving to another page, focus goes to its content, as a page load would take a screen reader there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is for each change of route, which it does not read.
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else document.getElementById('innehall')?.focus({ preventScroll: true });
  }, [route]);
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'kommun':
      return <KommunPage slug={route.slug} />;
    case 'report':
      return <CitizenReportPage slug={route.slug} promiseId={route.promiseId} />;
    case 'editor':
      return <EditorPage />;
    case 'sign-in':
      return <SignInPage />;
    default:
      return <h1>Sidan finns inte</h1>;
  }
}

function App() {
  return (
    <Provider value={client}>
      <a class="skip" href="#innehall">
        Till innehållet
      </a>
      <header class="site">
        <a href="/" class="brand">
          Löftesnavet
        </a>
        <nav aria-label="Huvudmeny">
          <a href="/">Översikt</a>
          <a href="/redigera">Redigera</a>
          <a href="/graphql">GraphQL-utforskare</a>
        </nav>
        <SessionStatus />
      </header>
      <main id="innehall" tabIndex={-1}>
        <SignedOutNotice />
        <Suspense fallback={<p>Laddar …</p>}>
          <Page />
        </Suspense>
      </main>
      <footer class="site">
        Medborgarlöften i Lokalpolisområde Umeå: Umeå, Bjurholm, Nordmaling, Robertsfors, Vindeln och Vännäs kommuner
        och polisen.
      </footer>
    </Provider>
  );
}

render(<App />, document.getElementById('app')!);
