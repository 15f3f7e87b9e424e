import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file starts real subgraphs, databases and gateways; on two cores they run one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a page or a restarted subgraph shows "soon"; its default 1 s
    // failed on a loaded two-core machine (CI runs the suite twice), so it gets the time a person would.
    expect: { poll: { timeout: 15_000 } },
  },
});
