/**
 * A Deskline server in this process (on a manual clock) and a small HTTP client for the chat tests:
 * technicians, companies, contacts, customer sessions and the event stream.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { initAccount } from '../../src/server/services/people.js';
import { TestDatabase, type DbKind } from './desk.js';

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class ChatHarness {
  server!: RunningServer;
  db!: TestDatabase;
  adminToken = '';

  static async start(kind: DbKind): Promise<ChatHarness> {
    const h = new ChatHarness();
    h.db = new TestDatabase(kind);
    h.server = await h.startOn();
    const init = await initAccount(h.server.store, {
      accountName: 'Test',
      name: 'Ada Admin',
      email: 'ada@example.com',
    });
    h.adminToken = init.token;
    return h;
  }

  /** Stops the server and starts a new one on the same database (its manual clock starts again at the real time). */
  async restart(): Promise<void> {
    await this.server.close();
    this.server = await this.startOn();
  }

  private startOn(): Promise<RunningServer> {
    return startServer({
      store: this.db.storeConfig,
      host: '127.0.0.1',
      port: 0,
      version: 'test',
      eventRetentionMs: 30 * 86_400_000,
      log: null,
      testClock: true,
    });
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.db.drop();
  }

  async call<T = any>(token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(this.server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }

  /** Calls and expects a 2xx answer. */
  async ok<T = any>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(token, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async technician(name: string, options: { available?: boolean; grant?: number[] } = {}) {
    const t = await this.ok<{ id: number; token: string }>(this.adminToken, 'POST', '/v1/technicians', {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    });
    for (const c of options.grant ?? []) {
      await this.ok(this.adminToken, 'POST', '/v1/grants', { technicianId: t.id, companyId: c });
    }
    if (options.available) await this.ok(t.token, 'PUT', '/v1/status', { state: 'available' });
    return { id: t.id, token: t.token, name };
  }

  async company(name: string): Promise<number> {
    return (await this.ok<{ id: number }>(this.adminToken, 'POST', '/v1/companies', { name })).id;
  }

  /** A contact of the company with a customer session. */
  async customer(companyId: number, name: string) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@customer.example`;
    const contact = await this.ok<{ id: number }>(this.adminToken, 'POST', '/v1/contacts', { companyId, name, email });
    await this.ok('', 'POST', '/v1/customer/login', { email });
    const { code } = await this.ok<{ code: string }>(
      this.adminToken,
      'GET',
      `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`,
    );
    const session = await this.ok<{ token: string }>('', 'POST', '/v1/customer/verify', { email, code });
    return { id: contact.id, email, name, token: session.token };
  }

  async advance(ms: number): Promise<void> {
    await this.ok(this.adminToken, 'PUT', '/v1/test/clock', { advanceMs: ms });
  }

  /** Sets the manual clock to a moment (ISO); due deadlines fire before the answer. */
  async clockAt(iso: string): Promise<void> {
    await this.ok(this.adminToken, 'PUT', '/v1/test/clock', { now: iso });
  }

  /** Opens an event stream (technician `/v1/events` or customer `/v1/customer/events`) and collects events. */
  async stream(token: string, path = '/v1/events', since?: number): Promise<EventLog> {
    const seq = since ?? (await this.headSeq());
    const log = new EventLog(this.server.url.replace(/^http/, 'ws') + `${path}?since=${seq}`, token);
    await log.ready;
    return log;
  }

  async headSeq(): Promise<number> {
    const row = await this.server.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}

export interface StreamEvent {
  seq: number;
  type: string;
  data: Record<string, any>;
}

export class EventLog {
  readonly events: StreamEvent[] = [];
  readonly ready: Promise<void>;
  private readonly socket: WebSocket;
  private waiters: Array<() => void> = [];

  constructor(url: string, token: string) {
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    this.ready = new Promise((resolve, reject) => {
      this.socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string; event?: StreamEvent };
        if (msg.type === 'ready') resolve();
        if (msg.type === 'event' && msg.event) {
          this.events.push(msg.event);
          for (const w of this.waiters.splice(0)) w();
        }
      });
      this.socket.on('error', reject);
      this.socket.on('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
    });
  }

  /** Waits until an event matching `pred` has arrived (5 s at most). */
  async waitFor(pred: (e: StreamEvent) => boolean, what = 'event'): Promise<StreamEvent> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no ${what} within 5s; got ${this.events.map((e) => e.type).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  of(type: string): StreamEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  close(): void {
    this.socket.close();
  }
}
