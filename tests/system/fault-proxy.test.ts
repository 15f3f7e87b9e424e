import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../tools/network/fault-proxy.js';

// The proxy on its own, in-process, in front of an echo server on loopback.
let echo: Server;
let echoPort: number;
let upstreamBytes = 0;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = createServer((socket) =>
    socket.on('data', (chunk) => {
      upstreamBytes += chunk.length;
      socket.write(chunk);
    }),
  );
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => echo.close(resolve)));
afterEach(() => proxy?.stop());

async function startProxy(random?: () => number) {
  proxy = await FaultProxy.start({
    listenHost: '127.0.0.1',
    listenPort: 0,
    upstreamHost: '127.0.0.1',
    upstreamPort: echoPort,
    ...(random && { random }),
  });
  return proxy;
}

async function connected(): Promise<Socket> {
  const socket = connect(proxy.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** Everything a connection receives until it ends or fails, and how it ended. */
function received(socket: Socket): Promise<{ text: string; error?: string }> {
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk;
  });
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ text, error: error.code! }));
    socket.once('close', () => resolve({ text }));
  });
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('a link without faults', () => {
  it('passes bytes both ways unchanged, å/ä/ö included', async () => {
    await startProxy();
    const socket = await connected();
    const answer = received(socket);
    socket.write('Vännäs, Umeå, Örnsköldsvik');
    await until(() => proxy.stats.bytesOut > 0);
    socket.end();
    expect(await answer).toEqual({ text: 'Vännäs, Umeå, Örnsköldsvik' });
    expect(proxy.stats).toMatchObject({
      accepted: 1,
      reset: 0,
      bytesOut: Buffer.byteLength('Vännäs, Umeå, Örnsköldsvik'),
    });
  });
});

describe('a link with delay and jitter', () => {
  it('holds each direction at least its delay, and keeps the order of chunks whatever their jitter', async () => {
    // Jitter falls from 90 % to 0 % over the chunks, so later chunks would overtake earlier ones if order were not kept.
    let draw = 1;
    await startProxy(() => {
      draw = Math.max(0, draw - 0.1);
      return draw;
    });
    proxy.set({ outbound: { delayMs: 40, jitterMs: 30 }, inbound: { delayMs: 20, jitterMs: 30 } });
    const socket = await connected();
    const chunks = Array.from({ length: 10 }, (_, i) => `[${i}]`);
    const answer = received(socket);
    const sentAt = performance.now();
    let firstByteAt = 0;
    socket.once('data', () => {
      firstByteAt = performance.now();
    });
    for (const chunk of chunks) {
      socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await until(() => upstreamBytes >= chunks.join('').length);
    socket.end();
    const { text } = await answer;
    expect(text).toBe(chunks.join(''));
    // A lower bound only: a loaded machine makes the trip longer, never shorter (1 ms for timer rounding).
    expect(firstByteAt - sentAt).toBeGreaterThanOrEqual(40 + 20 - 1);
  });
});

describe('resets', () => {
  it('reset a share of the requests: each reset caller sees ECONNRESET, and the proxy counts it', async () => {
    // Every second chunk from a caller resets its connection.
    let n = 0;
    await startProxy(() => (n++ % 2 === 0 ? 0.1 : 0.9));
    proxy.set({ resetChance: 0.5 });
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) {
      const socket = await connected();
      const answer = received(socket);
      socket.write(`ping ${i}`);
      const outcome = await Promise.race([answer, until(() => proxy.stats.bytesOut > 0).then(() => null)]);
      if (!outcome) socket.end();
      outcomes.push(outcome ?? (await answer));
      proxy.stats.bytesOut = 0;
    }
    expect(outcomes.filter((o) => o.error === 'ECONNRESET')).toHaveLength(3);
    expect(outcomes.filter((o) => !o.error).map((o) => o.text)).toEqual(['ping 1', 'ping 3', 'ping 5']);
    expect(proxy.stats).toMatchObject({ accepted: 6, reset: 3 });
  });

  it('on command reset every open connection', async () => {
    await startProxy();
    const sockets = [await connected(), await connected()];
    const answers = sockets.map(received);
    await until(() => proxy.stats.accepted === 2);
    expect(proxy.resetConnections()).toBe(2);
    expect((await Promise.all(answers)).map((a) => a.error)).toEqual(['ECONNRESET', 'ECONNRESET']);
  });
});

describe('a black hole', () => {
  it('accepts and reads, but never forwards or answers; switched off, the link works again', async () => {
    await startProxy();
    proxy.set({ blackHole: true });
    const before = upstreamBytes;
    const socket = await connected();
    let answered = 0;
    socket.on('data', (chunk) => {
      answered += chunk.length;
    });
    socket.write('hallå?');
    await until(() => proxy.stats.bytesSwallowed === Buffer.byteLength('hallå?'));
    expect(upstreamBytes).toBe(before);
    expect(answered).toBe(0);
    socket.destroy();

    proxy.set({ blackHole: false });
    const next = await connected();
    const answer = received(next);
    next.write('hallå!');
    await until(() => proxy.stats.bytesOut > 0);
    next.end();
    expect(await answer).toEqual({ text: 'hallå!' });
  });
});
