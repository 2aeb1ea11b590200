/**
 * Live chat through the desk command: a server on a manual clock for each test, with the company
 * Acme, the wrap-up reasons Resolved and Handed over and the technicians Sam, Kim and Lee granted
 * it; customers log in with `desk customer login` under their own profile and chat with
 * `desk customer chat` (NDJSON out).
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { startDesk, type Desk } from './desk.js';
import { LiveDesk, stopAllLive, type Ndjson } from './live.js';

interface Technician {
  id: number;
  token: string;
}

/** The chat message of a `message` or `sent` line. */
export const message = (e: Ndjson) => e.message as { body: string; author: { kind: string; name: string } };

export interface ChatCliDesk {
  readonly desk: Desk;
  readonly company: number;
  /** Sam, Kim and Lee by name. */
  readonly techs: Readonly<Record<'Sam' | 'Kim' | 'Lee', Technician>>;
  advance(ms: number): Promise<void>;
  /** A contact logged in as a customer under its own profile (checking the login as it goes). */
  customer(name: string): Promise<{ id: number; profile: string }>;
  /** `desk customer chat` running under the profile. */
  customerChat(profile: string, args?: string[]): LiveDesk;
}

export function useChatCliDesk(): ChatCliDesk {
  const s = {} as { desk: Desk; company: number; techs: Record<string, Technician> };

  async function tech(name: string): Promise<void> {
    const t = await s.desk.json<Technician>([
      'admin',
      'technicians',
      'add',
      '--name',
      name,
      '--email',
      `${name.toLowerCase()}@example.com`,
    ]);
    await s.desk.json(['admin', 'grant', String(t.id), String(s.company)]);
    s.techs[name] = t;
  }

  const cd: ChatCliDesk = {
    get desk() {
      return s.desk;
    },
    get company() {
      return s.company;
    },
    get techs() {
      return s.techs as ChatCliDesk['techs'];
    },
    async advance(ms) {
      const res = await fetch(`${s.desk.server.url}/v1/test/clock`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.desk.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      expect(res.status).toBe(200);
    },
    async customer(name) {
      const desk = s.desk;
      const email = `${name.toLowerCase()}@customer.example`;
      const c = await desk.json<{ id: number }>([
        'admin',
        'contacts',
        'add',
        '--company',
        String(s.company),
        '--name',
        name,
        '--email',
        email,
      ]);
      const login = (...more: string[]) =>
        desk.run(['customer', 'login', '--server', desk.server.url, '--email', email, ...more, '--profile', name]);
      const sent = await login();
      expect(sent.code).toBe(0);
      expect(sent.stderr).toContain('run this again with --code');
      const code = await desk.json<{ code: string }>(['admin', 'contacts', 'code', email]);
      expect(code.code).toMatch(/^\d{6}$/);
      const verified = await login('--code', code.code);
      expect(verified.code, verified.stderr).toBe(0);
      // The code is single-use.
      const again = await login('--code', code.code);
      expect(again.code).toBe(5);
      return { id: c.id, profile: name };
    },
    customerChat: (profile, args = []) =>
      new LiveDesk(['customer', 'chat', '--profile', profile, ...args], s.desk.env()),
  };

  beforeEach(async () => {
    s.desk = await startDesk('sqlite', { testClock: true });
    s.techs = {};
    s.company = (await s.desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    for (const reason of ['Resolved', 'Handed over'])
      expect((await s.desk.run(['admin', 'wrapup', 'add', reason])).code).toBe(0);
    await tech('Sam');
    await tech('Kim');
    await tech('Lee');
  });
  afterEach(async () => {
    stopAllLive();
    await s.desk?.close();
  });
  return cd;
}
