/** A long-running `desk` process fed line by line on standard input, its NDJSON output collected. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { DESK_BIN, cleanEnv } from './desk.js';

export interface Ndjson {
  type: string;
  [k: string]: unknown;
}

/** Every process started and not yet exited, so a failed test can stop them (see `stopAllLive`). */
const running = new Set<LiveDesk>();

/** Stops the processes a test left running (call it in `afterAll`). */
export function stopAllLive(): void {
  for (const live of running) live.kill();
}

export class LiveDesk {
  readonly events: Ndjson[] = [];
  stderr = '';
  /** Called after each line of output and when the process exits. */
  private readonly listeners = new Set<() => void>();
  private ended = false;
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [DESK_BIN, ...args], { env: cleanEnv(env), stdio: 'pipe' });
    let buf = '';
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) this.events.push(JSON.parse(line) as Ndjson);
      }
      for (const listener of this.listeners) listener();
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    running.add(this);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        running.delete(this);
        this.ended = true;
        resolve(code ?? -1);
        for (const listener of this.listeners) listener();
      }),
    );
  }

  send(line: string): void {
    this.child.stdin.write(line + '\n');
  }

  /** The first output line `pred` accepts, as soon as it arrives; fails after `ms` or when the process ends first. */
  waitFor(pred: (e: Ndjson) => boolean, what: string, ms = 15_000): Promise<Ndjson> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(pred);
        if (found) finish(() => resolve(found));
        else if (this.ended) finish(() => reject(new Error(`no ${what} before the process ended; got ${this.got()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${what}; got ${this.got()}`))), ms);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  private got(): string {
    return `${JSON.stringify(this.events)} ${this.stderr}`;
  }

  kill(): void {
    this.child.kill('SIGTERM');
  }
}
