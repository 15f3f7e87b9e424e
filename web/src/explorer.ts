// The self-hosted GraphiQL served for browsers at GET /graphql: bundled with its editor workers
// and fonts, so it needs nothing from the internet. Plain createElement, since the app's JSX is Preact's.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });
const defaultQuery = `# Löftesnavet: medborgarlöften i Lokalpolisområde Umeå
query Kommuner {
  localPoliceArea(id: "umea") {
    name
    municipalities {
      name
      currentPromise { title period { start end } }
    }
  }
}
`;
createRoot(document.getElementById('explorer')!).render(createElement(GraphiQL, { fetcher, defaultQuery }));
