/**
 * Fans the event log out to stream subscribers. The log in the database is the
 * source of truth: on every wake the hub reads what was committed after its
 * cursor, keeps a window of recent events in memory, and pushes them to live
 * subscribers. A new subscriber replays from its `since` (from memory when the
 * window covers it, else from the database) and then goes live, so it sees
 * every event once and in order.
 *
 * Live events fan out by audience: each subscriber is filed under the keys of what it may see
 * (audience.ts), and an event is offered only to the subscribers filed under one of its keys, so
 * delivering it costs the subscribers it may concern, not all of them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { iso } from '../iso-time.js';
import { EVERY_EVENT, eventKeys, type AudienceKey } from './audience.js';

export interface HubEvent {
  readonly seq: number;
  readonly type: string;
  readonly companyId: number | null;
  readonly technicianId: number | null;
  /** The contact (customer) it is addressed to, if any. */
  readonly contactId: number | null;
  /** The `event` stream message, serialised once for every subscriber. */
  readonly message: string;
}

export interface Subscriber {
  /** Whether this subscriber may see the event. */
  visible(event: HubEvent): boolean;
  /**
   * The keys of the events this subscriber may see (audience.ts); without it, every event is
   * offered. Read again after each event it is offered, so an event that widens or narrows what it
   * sees (a grant, a chat joined) takes effect from the next event on; answer the same array while
   * nothing changed.
   */
  audience?(): readonly AudienceKey[];
  /** Sends one serialised stream message. */
  send(message: string): void;
  /** The message this subscriber gets for a visible event, when not `event.message` (masked data). */
  render?(event: HubEvent): string;
  /** Whether the subscriber has gone away. */
  closed(): boolean;
  /**
   * Resolves when the subscriber can take more (its socket has drained). The replay waits for it
   * after every page, so a backlog is never queued whole and other requests are served between pages.
   */
  drained?(): Promise<void>;
}

interface SubscriptionState {
  readonly sub: Subscriber;
  lastSeq: number;
  live: boolean;
  /** The keys it is filed under. */
  keys: readonly AudienceKey[];
  /** The last event offered to it, so one filed under several of an event's keys is offered it once. */
  offered: number;
}

const PAGE = 500;
const EVERYTHING: readonly AudienceKey[] = [EVERY_EVENT];

function toHubEvent(row: {
  seq: number;
  type: string;
  company_id: number | null;
  technician_id: number | null;
  contact_id?: number | null;
  payload: string;
  created_at: number;
}): HubEvent {
  const head = JSON.stringify({ seq: row.seq, type: row.type, at: iso(row.created_at), companyId: row.company_id });
  return {
    seq: row.seq,
    type: row.type,
    companyId: row.company_id,
    technicianId: row.technician_id,
    contactId: row.contact_id ?? null,
    message: `{"type":"event","event":${head.slice(0, -1)},"data":${row.payload}}}`,
  };
}

export class EventHub {
  private cursor = 0;
  private window: HubEvent[] = [];
  private readonly states = new Set<SubscriptionState>();
  /** Subscribers by audience key. */
  private readonly byKey = new Map<AudienceKey, Set<SubscriptionState>>();
  private offers = 0;
  private pumping: Promise<void> | undefined;
  private again = false;
  private readonly db: Kysely<Database>;
  private readonly windowSize: number;

  constructor(db: Kysely<Database>, options: { windowSize?: number } = {}) {
    this.db = db;
    this.windowSize = options.windowSize ?? 10_000;
  }

  /** Starts from the current end of the log. */
  async start(): Promise<void> {
    this.cursor = await this.headSeq();
  }

  get head(): number {
    return this.cursor;
  }

  get subscriberCount(): number {
    return this.states.size;
  }

  /** How many times a live event has been offered to a subscriber so far (each offer asks `visible`). */
  get offered(): number {
    return this.offers;
  }

  private file(state: SubscriptionState, keys: readonly AudienceKey[]): void {
    for (const key of state.keys) {
      const set = this.byKey.get(key);
      set?.delete(state);
      if (set?.size === 0) this.byKey.delete(key);
    }
    state.keys = keys;
    for (const key of keys) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(state);
    }
  }

  private remove(state: SubscriptionState): void {
    this.states.delete(state);
    this.file(state, []);
  }

  /** Files the subscriber again when what it may see has changed. */
  private refile(state: SubscriptionState): void {
    const keys = state.sub.audience?.() ?? EVERYTHING;
    if (keys !== state.keys && this.states.has(state)) this.file(state, keys);
  }

  private async headSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select(sql<number | null>`max(seq)`.as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  private async oldestSeq(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('events')
      .select(sql<number | null>`min(seq)`.as('seq'))
      .executeTakeFirst();
    return row?.seq == null ? undefined : Number(row.seq);
  }

  private async readAfter(seq: number, upTo: number | undefined): Promise<HubEvent[]> {
    let q = this.db.selectFrom('events').selectAll().where('seq', '>', seq).orderBy('seq').limit(PAGE);
    if (upTo !== undefined) q = q.where('seq', '<=', upTo);
    return (await q.execute()).map(toHubEvent);
  }

  /** Reads newly committed events and pushes them to live subscribers. Coalesces concurrent wakes. */
  wake(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const events = await this.readAfter(this.cursor, undefined);
        if (events.length === 0) break;
        this.accept(events);
        if (events.length < PAGE) break;
      }
    } while (this.again);
  }

  private accept(events: HubEvent[]): void {
    for (const e of events) if (e.seq > this.cursor) this.window.push(e);
    const last = events[events.length - 1];
    if (last && last.seq > this.cursor) this.cursor = last.seq;
    if (this.window.length > this.windowSize * 2) this.window = this.window.slice(-this.windowSize);
    for (const e of events) this.fanOut(e);
  }

  /** Offers a live event to the live subscribers filed under one of its keys, each once. */
  private fanOut(e: HubEvent): void {
    this.offerTo(this.byKey.get(EVERY_EVENT), e);
    for (const key of eventKeys(e)) this.offerTo(this.byKey.get(key), e);
  }

  private offerTo(states: ReadonlySet<SubscriptionState> | undefined, e: HubEvent): void {
    if (!states) return;
    for (const state of states) {
      if (state.offered === e.seq || !state.live) continue;
      state.offered = e.seq;
      if (state.sub.closed()) {
        this.remove(state);
        continue;
      }
      if (e.seq <= state.lastSeq) continue;
      this.offers += 1;
      this.offer(state, e);
    }
  }

  private offer(state: SubscriptionState, e: HubEvent): void {
    if (state.sub.visible(e)) state.sub.send(state.sub.render?.(e) ?? e.message);
    state.lastSeq = e.seq;
    this.refile(state);
  }

  /** The replay: every event after the subscriber's position, in order. */
  private deliver(state: SubscriptionState, events: readonly HubEvent[]): void {
    if (state.sub.closed()) {
      this.remove(state);
      return;
    }
    for (const e of events) if (e.seq > state.lastSeq) this.offer(state, e);
  }

  /**
   * Events after `seq` held in memory (at most `limit`), or undefined when the window does not
   * reach back that far.
   */
  private fromWindow(seq: number, limit = Infinity): HubEvent[] | undefined {
    const first = this.window[0];
    if (!first || first.seq > seq + 1) return seq === this.cursor ? [] : undefined;
    let lo = 0;
    let hi = this.window.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.window[mid] as HubEvent).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.window.slice(lo, lo + limit);
  }

  /**
   * Subscribes from `since`: replays what was committed after it, then streams
   * live. Sends `resync` when `since` is older than the log keeps (or newer than
   * its end), then continues from the current end.
   */
  async subscribe(sub: Subscriber, since: number): Promise<() => void> {
    const state: SubscriptionState = { sub, lastSeq: since, live: false, keys: [], offered: 0 };
    this.states.add(state);
    this.file(state, sub.audience?.() ?? EVERYTHING);
    const unsubscribe = () => {
      this.remove(state);
    };
    const oldest = await this.oldestSeq();
    const head = this.cursor;
    const pruned = oldest !== undefined ? since + 1 < oldest : since < head;
    if (since > head || (since < head && pruned)) {
      sub.send(JSON.stringify({ type: 'resync', seq: head, oldest: oldest ?? head + 1 }));
      state.lastSeq = head;
    }
    // The replay, a page at a time, each after the subscriber has drained the one before.
    while (!sub.closed()) {
      const cached = this.fromWindow(state.lastSeq, PAGE);
      if (cached) {
        this.deliver(state, cached);
        if (state.lastSeq >= this.cursor) break;
      } else {
        const page = await this.readAfter(state.lastSeq, this.cursor);
        if (page.length === 0) break;
        this.deliver(state, page);
      }
      await sub.drained?.();
    }
    if (sub.closed()) {
      unsubscribe();
      return unsubscribe;
    }
    // Everything up to the cursor is sent: from here the pump delivers.
    if (state.lastSeq < this.cursor) this.deliver(state, this.fromWindow(state.lastSeq) ?? []);
    state.live = true;
    sub.send(JSON.stringify({ type: 'ready', seq: state.lastSeq }));
    return unsubscribe;
  }

  /** Deletes events created at or before `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    const res = await this.db.deleteFrom('events').where('created_at', '<=', beforeMs).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
