import { expect, it } from 'vitest';
import { checkStaleness, type ReadRecord, type WriteRecord } from '../../tools/bench/mixed-load.js';

// The bench's staleness rule (tools/bench/mixed-load.ts): a read is stale if it shows an older
// value than the last write acknowledged before the read was sent; a write still in flight may
// or may not show. Times are the bench process's milliseconds.
const writes: Record<'gateway' | 'direct', WriteRecord[]> = {
  gateway: [
    { n: 1, sentAt: 0, ackAt: 10 },
    { n: 2, sentAt: 1000, ackAt: 1010 },
  ],
  direct: [{ n: 1, sentAt: 500, ackAt: 520 }],
};
const read = (sentAt: number, gateway: number | null, direct: number | null): ReadRecord => ({
  kind: 'regional',
  sentAt,
  receivedAt: sentAt + 50,
  seen: { gateway, direct },
});

it('flags a read that misses a write acknowledged before it was sent, for either writer', () => {
  const result = checkStaleness([read(1011, 1, 1), read(600, 1, 0), read(1011, 2, 1)], writes, {
    gateway: 0,
    direct: 0,
  });
  expect(result).toEqual({
    stale: 2,
    staleExamples: [
      { kind: 'regional', writer: 'gateway', seen: 1, acknowledgedBefore: 2 },
      { kind: 'regional', writer: 'direct', seen: 0, acknowledgedBefore: 1 },
    ],
    errors: 0,
  });
});

it('accepts the old value while the write is in flight, and a newer one than acknowledged', () => {
  // Sent at 1005: write 2 was sent at 1000 but acknowledged at 1010, after the read was sent.
  expect(
    checkStaleness([read(1005, 1, 1), read(1005, 2, 1), read(5, 1, 0)], writes, { gateway: 0, direct: 0 }),
  ).toEqual({ stale: 0, staleExamples: [], errors: 0 });
});

it('holds reads to what earlier runs acknowledged, and counts a read without the values as an error', () => {
  const result = checkStaleness([read(5, 0, 7), read(5, null, 7)], writes, { gateway: 3, direct: 7 });
  expect(result).toEqual({
    stale: 1,
    staleExamples: [{ kind: 'regional', writer: 'gateway', seen: 0, acknowledgedBefore: 3 }],
    errors: 1,
  });
});
