/**
 * Sequencing passes on one node: a write that committed while a pass ran waits for a pass that
 * began after its commit, and the writes that committed meanwhile share that one pass.
 */
import { describe, expect, it } from 'vitest';
import { coalescedSequencing } from '../../../src/server/store/event-sequencer.js';

/** A pass the test finishes by hand; records when each pass began. */
function manualPasses() {
  const begun: Array<{ finish: (n: number) => void; fail: (err: Error) => void }> = [];
  const sequence = () =>
    new Promise<number>((resolve, reject) => {
      begun.push({ finish: resolve, fail: reject });
    });
  return { begun, sequence };
}

describe('sequencing passes of one node', () => {
  it('runs a pass at once when none runs', async () => {
    const { begun, sequence } = manualPasses();
    const request = coalescedSequencing(sequence);
    const done = request();
    expect(begun).toHaveLength(1);
    begun[0]?.finish(3);
    await expect(done).resolves.toBe(3);
  });

  it('makes writes that commit during a pass wait for one more pass, shared among them', async () => {
    const { begun, sequence } = manualPasses();
    const request = coalescedSequencing(sequence);
    const first = request();
    const settled: string[] = [];
    const second = request().then((n) => settled.push(`second ${n}`));
    const third = request().then((n) => settled.push(`third ${n}`));
    expect(begun).toHaveLength(1);
    begun[0]?.finish(1);
    await first;
    // The later writes are not answered by the pass that began before their commits.
    await Promise.resolve();
    expect(settled).toEqual([]);
    await settle(() => begun.length === 2);
    begun[1]?.finish(2);
    await Promise.all([second, third]);
    expect(settled).toEqual(['second 2', 'third 2']);
    expect(begun).toHaveLength(2);
    // With nothing running, the next write starts its own pass.
    const fourth = request();
    expect(begun).toHaveLength(3);
    begun[2]?.finish(0);
    await expect(fourth).resolves.toBe(0);
  });

  it('still runs the pass after one that failed, and reports the failure to its own waiters only', async () => {
    const { begun, sequence } = manualPasses();
    const request = coalescedSequencing(sequence);
    const first = request();
    const second = request();
    begun[0]?.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle(() => begun.length === 2);
    begun[1]?.finish(5);
    await expect(second).resolves.toBe(5);
  });
});

/** Lets queued promise callbacks run until `ready` holds (a bounded number of turns). */
async function settle(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) await Promise.resolve();
  expect(ready()).toBe(true);
}
