/**
 * `desk time` end-to-end suites: a real server on a manual clock (moved through the API instead of
 * sleeping), the company Acme and the technicians Sam and Kim granted it, and the answer shapes the
 * CLI prints as JSON.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startDesk, type Desk, type RunResult } from './desk.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export interface Entry {
  id: number;
  ticket: { id: number; title: string };
  technician: { id: number; name: string };
  startedAt: string;
  endedAt: string;
  durationMs: number;
  rate: number | null;
  billable: boolean;
  amount: number;
  note: string | null;
  source: string;
}
export interface Timer {
  ticket: { id: number };
  state: string;
  accumulatedMs: number;
  elapsedMs: number;
  segments: unknown[];
}
export interface Totals {
  entries: number;
  durationMs: number;
  billableMs: number;
  nonBillableMs: number;
  amount: number;
}
export interface Action {
  timer: Timer | null;
  stopped: { ticket: { id: number }; durationMs: number; entry: Entry | null } | null;
  unchanged: boolean;
}

interface Technician {
  id: number;
  token: string;
}

export interface TimeDesk {
  readonly desk: Desk;
  /** Acme's id. */
  readonly company: number;
  readonly sam: Technician;
  readonly kim: Technician;
  /** Sets or moves the server's clock; answers its time. */
  clock(body: Record<string, unknown>): Promise<string>;
  advance(ms: number): Promise<string>;
  /** Runs desk as Sam. */
  asSam(args: string[], env?: Record<string, string>): Promise<RunResult>;
  /** Runs desk as Sam with --json and parses the answer. */
  samJson<T>(args: string[]): Promise<T>;
  /** Creates a ticket in Acme and answers its id. */
  ticket(title: string): Promise<number>;
  /** The JSON a successful run printed. */
  parse<T>(r: RunResult): T;
}

/**
 * Starts the server before the calling suite (at 2030-01-07 09:00 UTC on its manual clock) and stops
 * it after. `process` runs `desk server` as a child, for suites that kill and restart it.
 */
export function useTimeDesk(server: 'process' | 'in-process'): TimeDesk {
  const s = {} as { desk: Desk; company: number; sam: Technician; kim: Technician };
  const td: TimeDesk = {
    get desk() {
      return s.desk;
    },
    get company() {
      return s.company;
    },
    get sam() {
      return s.sam;
    },
    get kim() {
      return s.kim;
    },
    async clock(body) {
      const res = await fetch(`${s.desk.server.url}/v1/test/clock`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.desk.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { now: string }).now;
    },
    advance: (ms) => td.clock({ advanceMs: ms }),
    asSam: (args, env = {}) => s.desk.run(args, { token: s.sam.token, env }),
    samJson: <T>(args: string[]) => s.desk.json<T>(args, { token: s.sam.token }),
    ticket: async (title) =>
      (await s.desk.json<{ id: number }>(['tickets', 'create', '--title', title, '--company', String(s.company)])).id,
    parse: <T>(r: RunResult): T => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as T;
    },
  };

  beforeAll(async () => {
    s.desk =
      server === 'process'
        ? await startDesk('sqlite', ['--quiet', '--test-clock'])
        : await startDesk('sqlite', { testClock: true });
    await td.clock({ now: '2030-01-07T09:00:00.000Z' });
    s.company = (await s.desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    const add = (name: string) =>
      s.desk.json<Technician>([
        'admin',
        'technicians',
        'add',
        '--name',
        name,
        '--email',
        `${name.toLowerCase()}@example.com`,
      ]);
    s.sam = await add('Sam');
    s.kim = await add('Kim');
    await s.desk.json(['admin', 'grant', String(s.sam.id), String(s.company)]);
    await s.desk.json(['admin', 'grant', String(s.kim.id), String(s.company)]);
  });
  afterAll(async () => {
    await s.desk?.close();
  });
  return td;
}
