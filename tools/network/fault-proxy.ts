import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Faults on one direction of a link: every chunk is held `delayMs` plus up to `jitterMs` more, order kept. */
export interface DirectionFaults {
  delayMs: number;
  jitterMs: number;
}

export interface LinkFaults {
  /** Caller → upstream (requests). */
  outbound: DirectionFaults;
  /** Upstream → caller (answers). */
  inbound: DirectionFaults;
  /** The chance (0–1) that a chunk from the caller resets its connection (TCP RST) instead of going on. */
  resetChance: number;
  /** Accept connections and read them, but forward nothing either way and never answer. */
  blackHole: boolean;
}

export const NO_FAULTS: LinkFaults = {
  outbound: { delayMs: 0, jitterMs: 0 },
  inbound: { delayMs: 0, jitterMs: 0 },
  resetChance: 0,
  blackHole: false,
};

/** A link's faults from a partial description: `{ delayMs }` delays both directions alike. */
export type FaultsChange = Partial<Omit<LinkFaults, 'outbound' | 'inbound'>> & {
  delayMs?: number;
  jitterMs?: number;
  outbound?: Partial<DirectionFaults>;
  inbound?: Partial<DirectionFaults>;
};

export function applyFaultsChange(current: LinkFaults, change: FaultsChange): LinkFaults {
  const both = {
    ...(change.delayMs !== undefined && { delayMs: change.delayMs }),
    ...(change.jitterMs !== undefined && { jitterMs: change.jitterMs }),
  };
  return {
    outbound: { ...current.outbound, ...both, ...change.outbound },
    inbound: { ...current.inbound, ...both, ...change.inbound },
    resetChance: change.resetChance ?? current.resetChance,
    blackHole: change.blackHole ?? current.blackHole,
  };
}

export interface FaultProxyStats {
  /** Connections accepted from callers. */
  accepted: number;
  /** Connections reset by the proxy (by chance or on command). */
  reset: number;
  /** Bytes forwarded caller → upstream. */
  bytesOut: number;
  /** Bytes read from callers and dropped by the black hole. */
  bytesSwallowed: number;
}

export interface FaultProxyOptions {
  listenHost: string;
  /** 0 for any free port. */
  listenPort: number;
  upstreamHost: string;
  upstreamPort: number;
  faults?: LinkFaults;
  /** A source of numbers in [0, 1) for jitter and resets (default Math.random), so a test can fix them. */
  random?: () => number;
}

/**
 * Holds chunks for one direction of one connection and writes them in order, each no earlier than
 * its own due time: a later chunk with less jitter waits for the one before it.
 */
class DelayLine {
  private readonly queue: { due: number; chunk: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: Socket,
    private readonly faults: () => DirectionFaults,
    private readonly random: () => number,
  ) {}

  /** A chunk to write, or null for the end of the stream. */
  push(chunk: Buffer | null): void {
    const { delayMs, jitterMs } = this.faults();
    const now = performance.now();
    const last = this.queue.at(-1)?.due ?? 0;
    const due = Math.max(now + delayMs + jitterMs * this.random(), last);
    if (this.queue.length === 0 && due <= now) {
      this.write(chunk);
      return;
    }
    this.queue.push({ due, chunk });
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = performance.now();
        while (this.queue.length > 0 && this.queue[0]!.due <= now) this.write(this.queue.shift()!.chunk);
        this.schedule();
      },
      Math.max(0, this.queue[0]!.due - performance.now()),
    );
  }

  private write(chunk: Buffer | null): void {
    if (this.target.destroyed) return;
    if (chunk === null) this.target.end();
    else this.target.write(chunk);
  }
}

/**
 * A TCP proxy for one link that injects faults: delay and jitter per direction, connection
 * resets, and a black hole. The faults can be changed at any time and apply at once, also to
 * open connections. It stands in for netem, which these machines' kernel lacks.
 */
export class FaultProxy {
  readonly stats: FaultProxyStats = { accepted: 0, reset: 0, bytesOut: 0, bytesSwallowed: 0 };
  private faults: LinkFaults;
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private readonly random: () => number;

  private constructor(private readonly options: FaultProxyOptions) {
    this.faults = options.faults ?? NO_FAULTS;
    this.random = options.random ?? Math.random;
    // Half-open both ways: a side's end is passed on in its turn, after the data delayed before it.
    this.server = createServer({ noDelay: true, allowHalfOpen: true }, (caller) => this.accept(caller));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.listenPort, options.listenHost, resolve);
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('The fault proxy is not listening');
    return address.port;
  }

  get currentFaults(): LinkFaults {
    return this.faults;
  }

  set(change: FaultsChange): LinkFaults {
    this.faults = applyFaultsChange(this.faults, change);
    return this.faults;
  }

  /** Resets every open connection now, as a crashing peer or a middlebox would. */
  resetConnections(): number {
    const open = [...this.open];
    for (const caller of open) this.reset(caller);
    return open.length;
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private reset(caller: Socket): void {
    this.stats.reset += 1;
    caller.resetAndDestroy();
  }

  private accept(caller: Socket): void {
    this.stats.accepted += 1;
    this.open.add(caller);
    caller.once('close', () => this.open.delete(caller));
    caller.on('error', () => {});

    // A black hole answers nothing, so it does not even reach upstream.
    let upstream: Socket | undefined;
    let toUpstream: DelayLine | undefined;
    let toCaller: DelayLine | undefined;
    const connectUpstream = () => {
      upstream = createConnection({
        host: this.options.upstreamHost,
        port: this.options.upstreamPort,
        noDelay: true,
        allowHalfOpen: true,
      });
      toUpstream = new DelayLine(upstream, () => this.faults.outbound, this.random);
      toCaller = new DelayLine(caller, () => this.faults.inbound, this.random);
      upstream.on('data', (chunk: Buffer) => {
        if (!this.faults.blackHole) toCaller!.push(chunk);
      });
      upstream.on('end', () => toCaller!.push(null));
      upstream.on('error', () => caller.destroy());
      upstream.on('close', () => toUpstream!.stop());
    };

    caller.on('data', (chunk: Buffer) => {
      if (this.faults.blackHole) {
        this.stats.bytesSwallowed += chunk.length;
        return;
      }
      if (this.faults.resetChance > 0 && this.random() < this.faults.resetChance) {
        this.reset(caller);
        upstream?.destroy();
        return;
      }
      if (!upstream) connectUpstream();
      this.stats.bytesOut += chunk.length;
      toUpstream!.push(chunk);
    });
    caller.on('end', () => {
      if (this.faults.blackHole) return;
      // With nothing sent there is nothing to wait for: close rather than stay half-open.
      if (toUpstream) toUpstream.push(null);
      else caller.end();
    });
    caller.on('close', () => {
      toCaller?.stop();
      upstream?.destroy();
    });
  }
}
