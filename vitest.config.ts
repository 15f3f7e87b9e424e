import { defineConfig } from 'vitest/config';

/**
 * The test pyramid, one Vitest project per layer (docs/testing.md):
 * - unit: pure rules and helpers, no database, no sockets, files in parallel;
 * - subgraph: each subgraph's schema executed in process over a real database, no sockets;
 * - hub: the federation contract over the real gateway and subgraphs on loopback;
 * - system: the browser, `npm start`, the compiled build, kubectl and network namespaces.
 * hub and system files each start whole hubs, so on two cores they run one file at a time, and
 * the layers run one after another (groupOrder), fastest first.
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // expect.poll waits for what a page or a restarted subgraph shows "soon"; its default 1 s
  // failed on a loaded two-core machine, so it gets the time a person would.
  expect: { poll: { timeout: 15_000 } },
};

/** The unit and subgraph layers open no listening socket (tests/support/no-listening-sockets.ts). */
const noListeningSockets = 'tests/support/no-listening-sockets.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: [noListeningSockets],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'subgraph',
          setupFiles: [noListeningSockets],
          include: ['tests/subgraph/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...shared,
          name: 'hub',
          include: ['tests/hub/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          ...shared,
          name: 'system',
          include: ['tests/system/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
