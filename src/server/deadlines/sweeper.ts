/**
 * Fires due deadlines. Each is claimed and handled in one transaction (with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several nodes never fire the same
 * one), which deletes it: a deadline fires exactly once, whichever node is up.
 */
import type { Store, WriteScope } from '../store/store.js';
import type { ServerClock } from '../clock.js';
import type { DeadlineRow } from '../store/schema.js';

export type DeadlineHandler = (
  scope: WriteScope,
  deadline: { ref: string; dueAt: number; payload: Record<string, unknown> },
) => Promise<void>;

export interface SweeperOptions {
  /** Longest wait between looks, for deadlines set by other nodes. */
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

export class DeadlineSweeper {
  private readonly handlers = new Map<string, DeadlineHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly store: Store;
  private readonly clock: ServerClock;
  private readonly pollMs: number;
  private readonly log: (line: string) => void;

  constructor(store: Store, clock: ServerClock, options: SweeperOptions = {}) {
    this.store = store;
    this.clock = clock;
    this.pollMs = options.pollMs ?? 1000;
    this.log = options.log ?? (() => {});
    store.onDeadline((dueAt) => this.wakeAt(dueAt));
    clock.onChange(() => void this.sweep());
  }

  /** Registers the handler for a kind of deadline. */
  handle(kind: string, handler: DeadlineHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private wakeAt(dueAt: number): void {
    const delay = Math.max(0, dueAt - this.clock.now());
    if (delay === 0) void this.sweep();
    else this.arm(delay);
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sweep(), Math.min(delay, this.pollMs));
    this.timer.unref();
  }

  /** Fires everything due now; coalesces concurrent calls. */
  sweep(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (!this.stopped && (await this.fireOne())) {
          /* keep going while something was due */
        }
      } while (this.again && !this.stopped);
    })()
      .catch((err: unknown) => this.log(`deadline sweeper: ${String(err)}`))
      .finally(() => {
        this.running = undefined;
        void this.rearm();
      });
    return this.running;
  }

  private async rearm(): Promise<void> {
    if (this.stopped) return;
    try {
      const next = await this.store.db
        .selectFrom('deadlines')
        .select('due_at')
        .orderBy('due_at')
        .limit(1)
        .executeTakeFirst();
      this.arm(next ? Math.max(0, next.due_at - this.clock.now()) : this.pollMs);
    } catch {
      this.arm(this.pollMs);
    }
  }

  /** Claims and fires one due deadline; false when none is due. */
  private async fireOne(): Promise<boolean> {
    let claimed: number | undefined;
    try {
      return await this.fire((id) => (claimed = id));
    } catch (err) {
      if (claimed === undefined) throw err;
      // A failing handler must not spin: try that deadline again a little later.
      this.log(`deadline ${claimed} failed, retrying in 5s: ${String(err)}`);
      await this.store.db
        .updateTable('deadlines')
        .set({ due_at: this.clock.now() + 5000 })
        .where('id', '=', claimed)
        .execute();
      return true;
    }
  }

  private async fire(claim: (id: number) => void): Promise<boolean> {
    return this.store.write(async (scope) => {
      let q = scope.trx.selectFrom('deadlines').selectAll().where('due_at', '<=', scope.now).orderBy('due_at').limit(1);
      if (this.store.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const row: DeadlineRow | undefined = await q.executeTakeFirst();
      if (!row) return false;
      claim(row.id);
      await scope.trx.deleteFrom('deadlines').where('id', '=', row.id).execute();
      const handler = this.handlers.get(row.kind);
      if (!handler) {
        this.log(`deadline sweeper: no handler for ${row.kind}; dropped ${row.ref}`);
        return true;
      }
      await handler(scope, {
        ref: row.ref,
        dueAt: row.due_at,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
      });
      return true;
    });
  }
}
