/**
 * The TUI's first load against a server that says where in the event log each read was made: the
 * lists load at once, beside the stream's first `resync` rather than after it, and the stream goes
 * back to the reads' sequence when it started past it, so no event between the two is missed. A
 * server that does not say gets the load again on the `resync`, as before.
 */
import { describe, expect, it } from 'vitest';
import type { EventStreamEvents } from '../../src/client/events.js';
import type { Live, ReadSequences, TuiStream } from '../../src/tui/live.js';
import { createStore } from '../../src/tui/store.js';
import { Sync } from '../../src/tui/sync.js';
import { FakeApi } from './flows/harness.js';
import { NOW, iso, presence, stateWith, ticket } from './fixtures.js';

/** A stream the test drives: it records starts and rewinds, and emits what the test says. */
class DrivenStream implements TuiStream {
  readonly rewinds: number[] = [];
  started = 0;
  private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  on<K extends keyof EventStreamEvents>(event: K, listener: (...args: EventStreamEvents[K]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (...args: unknown[]) => void]);
  }
  emit<K extends keyof EventStreamEvents>(event: K, ...args: EventStreamEvents[K]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  start() {
    this.started += 1;
  }
  stop() {}
  rewind(seq: number) {
    this.rewinds.push(seq);
  }
}

/** Read sequences as the API client reports them: each answer notes the sequence it was read at. */
class Reads implements ReadSequences {
  private readonly open = new Set<{ lowest: number | undefined }>();
  note(seq: number) {
    for (const c of this.open) c.lowest = c.lowest === undefined ? seq : Math.min(c.lowest, seq);
  }
  begin() {
    const c: { lowest: number | undefined } = { lowest: undefined };
    this.open.add(c);
    return () => {
      this.open.delete(c);
      return c.lowest;
    };
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Sync over a fake API whose reads are made at `readAt` (undefined: the server does not say). */
function connected(readAt: number | undefined, withReads = true) {
  const store = createStore(stateWith(), { sync: true });
  const fake = new FakeApi();
  const reads = new Reads();
  const at = <T>(answer: T) => {
    if (readAt !== undefined) reads.note(readAt);
    return answer;
  };
  fake.answer('status', () => at(presence('available')));
  fake.answer('myChats', () => at({ items: [] }));
  fake.answer('requests', () => at({ items: [] }));
  fake.answer('tickets', () => at({ items: [ticket(5)], nextCursor: null }));
  fake.answer('timer', () => at({ timer: null, now: iso(NOW) }));
  fake.answer('unreadMentions', () => at(0));
  fake.answer('technicians', () => at([]));
  fake.answer('queues', () => at([]));
  fake.answer('team', () => at([]));
  fake.answer('wrapups', () => at([]));
  fake.answer('settings', () => at([]));
  const stream = new DrivenStream();
  const live: Live = { api: fake.api, stream, parse: () => undefined, ...(withReads ? { reads } : {}) };
  const failures: unknown[] = [];
  const sync = new Sync({ store, now: () => NOW, flash: () => {}, fail: (err) => failures.push(err) });
  sync.connect(live);
  const loads = () => fake.calls.filter((c) => c.method === 'tickets').length;
  return { store, fake, stream, loads, failures };
}

describe('the first load, made at once', () => {
  it('loads the lists before the stream says anything, and rewinds the stream to where they were read', async () => {
    const t = connected(7);
    await settle();
    await settle();
    expect(t.stream.started).toBe(1);
    expect(t.loads()).toBe(1);
    expect(t.store.getState().tickets.items.map((x) => x.id)).toEqual([5]);
    // The stream started at the end of the log, 10: events 8–10 came after the reads; it goes back to 7.
    t.stream.emit('resync', 10);
    expect(t.stream.rewinds).toEqual([7]);
    expect(t.loads()).toBe(1);
    expect(t.failures).toEqual([]);
  });

  it('keeps the stream where it is when the reads are as new as its start, and reloads on a later resync', async () => {
    const t = connected(10);
    t.stream.emit('resync', 10);
    await settle();
    await settle();
    expect(t.loads()).toBe(1);
    expect(t.stream.rewinds).toEqual([]);
    // A later resync (the log was pruned past this client) loads the state again.
    t.stream.emit('resync', 50);
    await settle();
    expect(t.loads()).toBe(2);
  });

  it('loads again on the resync when the server does not say where it read', async () => {
    const t = connected(undefined);
    await settle();
    await settle();
    expect(t.loads()).toBe(1);
    t.stream.emit('resync', 10);
    await settle();
    expect(t.loads()).toBe(2);
    expect(t.stream.rewinds).toEqual([]);
  });

  it('waits for the resync to load with a client that reports no reads', async () => {
    const t = connected(7, false);
    await settle();
    expect(t.loads()).toBe(0);
    t.stream.emit('resync', 10);
    await settle();
    expect(t.loads()).toBe(1);
  });
});
