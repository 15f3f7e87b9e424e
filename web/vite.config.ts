import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// The app (index.html, Preact).
// No react → preact/compat aliases: the app imports Preact only.
export default defineConfig({
  root,
  base: '/',
  plugins: [preact({ reactAliasesEnabled: false })],
  build: {
    outDir: path.join(root, '../dist/web'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: path.join(root, 'index.html') } },
  },
});
