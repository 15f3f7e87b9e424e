import net from 'node:net';

// Setup file of the unit and subgraph layers (vitest.config.ts): they open no listening socket, so
// any server a test starts there fails loudly instead of quietly making the fast layer slow.
net.Server.prototype.listen = function refuseToListen(): never {
  throw new Error(
    'The unit and subgraph test layers open no listening socket; this test belongs in tests/hub or tests/system',
  );
};
