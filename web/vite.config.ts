import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// Two pages: the app (index.html, Preact) and the explorer (explorer.html, GraphiQL on React).
// No react → preact/compat aliases, so GraphiQL keeps real React; the app imports Preact only.
export default defineConfig({
  root,
  base: '/',
  // scripts/web-trusted-documents.ts's trusted-documents.json, copied into dist/web/ for the gateway.
  publicDir: path.join(root, 'generated/public'),
  plugins: [preact({ reactAliasesEnabled: false })],
  build: {
    outDir: path.join(root, '../dist/web'),
    emptyOutDir: true,
    // The explorer is large (GraphiQL with its Monaco editor); only the pages' JavaScript has a budget (README).
    chunkSizeWarningLimit: 4000,
    rolldownOptions: { input: { index: path.join(root, 'index.html'), explorer: path.join(root, 'explorer.html') } },
  },
  worker: { format: 'es' },
  // `npm run web:dev` beside `npm start`: the pages with hot reload, the API from the running gateway.
  // The explorer is not served in development (the proxy takes /graphql), so its Monaco workers are not pre-bundled.
  server: { proxy: { '/graphql': `http://localhost:${process.env.GATEWAY_PORT ?? 4000}` } },
  optimizeDeps: { entries: ['index.html'] },
});
