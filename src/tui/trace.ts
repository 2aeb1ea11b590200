/**
 * Timing for benchmarks (`DESK_TUI_TRACE=FILE`, off otherwise): how long after a chat message
 * arrives on the socket, or a key is pressed, the frame showing it is written, and how many bytes
 * and full-screen clears the frames cost. Written to FILE as JSON when the TUI exits; the process id
 * goes to FILE.pid at start.
 */
import { writeFileSync } from 'node:fs';

export interface TraceRecord {
  readonly at: number;
  readonly ms: number;
}

export class Trace {
  private readonly path: string;
  /** Message body prefix → when it arrived. */
  private readonly pendingMessages = new Map<string, number>();
  private pendingKeys: number[] = [];
  private armedKeys: number[] = [];
  readonly messages: TraceRecord[] = [];
  readonly keys: TraceRecord[] = [];
  readonly frames: Array<{ at: number; bytes: number }> = [];
  /** Ink's time to lay out and draw each frame. */
  readonly renders: TraceRecord[] = [];
  clears = 0;

  constructor(path: string) {
    this.path = path;
    writeFileSync(`${path}.pid`, String(process.pid));
  }

  /** Watches what is written to the terminal. */
  attach(stdout: NodeJS.WriteStream): void {
    const write = stdout.write.bind(stdout) as (...args: unknown[]) => boolean;
    (stdout as unknown as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') this.onWrite(chunk);
      return write(chunk, ...rest);
    };
  }

  /** A chat message arrived on the stream. */
  message(body: string): void {
    const key = body.slice(0, 24);
    if (key.length < 8) return;
    this.pendingMessages.set(key, performance.now());
    if (this.pendingMessages.size > 2000) {
      const first = this.pendingMessages.keys().next().value;
      if (first !== undefined) this.pendingMessages.delete(first);
    }
  }

  /** A key was handled; the first frame written once the store has told React about it shows its effect. */
  key(): void {
    this.pendingKeys.push(performance.now());
  }

  /** The store is telling its subscribers (React renders now). */
  notified(): void {
    if (this.pendingKeys.length === 0) return;
    this.armedKeys.push(...this.pendingKeys);
    this.pendingKeys = [];
  }

  /** Milestones of the start-up, in ms since the process started. */
  readonly marks: Record<string, number> = {};

  mark(name: string): void {
    if (!(name in this.marks)) this.marks[name] = performance.now();
  }

  /** Ink drew a frame in `ms`. */
  render(ms: number): void {
    this.renders.push({ at: Date.now(), ms });
  }

  private onWrite(chunk: string): void {
    const now = performance.now();
    const at = Date.now();
    // Synchronized-output markers around a frame are not frames.
    if (chunk === '\x1b[?2026h' || chunk === '\x1b[?2026l') return;
    this.frames.push({ at, bytes: Buffer.byteLength(chunk) });
    if (chunk.includes('\x1b[2J')) this.clears += 1;
    for (const [key, t] of this.pendingMessages) {
      if (chunk.includes(key)) {
        this.messages.push({ at, ms: now - t });
        this.pendingMessages.delete(key);
      }
    }
    for (const t of this.armedKeys) this.keys.push({ at, ms: now - t });
    this.armedKeys = [];
  }

  save(): void {
    writeFileSync(
      this.path,
      JSON.stringify({
        messages: this.messages,
        keys: this.keys,
        frames: this.frames,
        renders: this.renders,
        marks: this.marks,
        clears: this.clears,
      }),
    );
  }
}
