/**
 * A Deskline server in this process for the customer portal tests, and what a browser does with it:
 * customers signed in by the session cookie, requests with or without the CSRF header, and the
 * customer event stream opened with the cookie from a given Origin.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { initAccount } from '../../src/server/services/people.js';
import { TestDatabase, type DbKind } from './desk.js';

export interface PortalAnswer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface PortalOptions {
  readonly webRoot?: string;
  readonly trustProxy?: string;
}

export class PortalDesk {
  server!: RunningServer;
  db!: TestDatabase;
  adminToken = '';

  static async start(kind: DbKind, options: PortalOptions = {}): Promise<PortalDesk> {
    const d = new PortalDesk();
    d.db = new TestDatabase(kind);
    d.server = await startServer({
      store: d.db.storeConfig,
      host: '127.0.0.1',
      port: 0,
      version: 'test',
      eventRetentionMs: 30 * 86_400_000,
      log: null,
      ...options,
    });
    d.adminToken = (
      await initAccount(d.server.store, { accountName: 'Test', name: 'Ada Admin', email: 'ada@x.example' })
    ).token;
    return d;
  }

  get url(): string {
    return this.server.url;
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.db.drop();
  }

  /** A request with any headers; a JSON body when given. */
  async fetch<T = any>(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<PortalAnswer<T>> {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  /** A technician's call (bearer token); throws unless 2xx. */
  async tech<T = any>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch<T>(method, path, { headers: { authorization: `Bearer ${token}` }, body });
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async company(name: string): Promise<number> {
    return (await this.tech<{ id: number }>(this.adminToken, 'POST', '/v1/companies', { name })).id;
  }

  async setting(key: string, value: string | null): Promise<void> {
    await this.tech(this.adminToken, 'PUT', '/v1/settings', { key, value });
  }

  /** A contact signed in the browser's way: the answer of verify with `session: "cookie"` and the cookie. */
  async browserCustomer(companyId: number, name: string, headers: Record<string, string> = {}) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@customer.example`;
    const contact = await this.tech<{ id: number }>(this.adminToken, 'POST', '/v1/contacts', {
      companyId,
      name,
      email,
    });
    await this.fetch('POST', '/v1/customer/login', { body: { email } });
    const { code } = await this.tech<{ code: string }>(
      this.adminToken,
      'GET',
      `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`,
    );
    const verify = await this.fetch('POST', '/v1/customer/verify', {
      body: { email, code, session: 'cookie' },
      headers,
    });
    const setCookie = verify.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    return { id: contact.id, email, name, cookie, setCookie, verify };
  }

  /** A request as the signed-in browser makes it: the cookie, and the CSRF header unless `csrf` is false. */
  async asBrowser<T = any>(
    cookie: string,
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<PortalAnswer<T>> {
    return this.fetch<T>(method, path, {
      body: options.body,
      headers: { cookie, ...(options.csrf === false ? {} : { 'x-desk-csrf': '1' }), ...options.headers },
    });
  }

  /** Opens the customer stream with the cookie and an Origin: the stream once ready, or the refusal's status. */
  async cookieStream(cookie: string, origin: string | undefined, since = 0): Promise<CookieStream | number> {
    const url = `${this.url.replace(/^http/, 'ws')}/v1/customer/events?since=${since}`;
    const stream = new CookieStream(new WebSocket(url, { headers: { cookie, ...(origin ? { origin } : {}) } }));
    return stream.opened;
  }

  async headSeq(): Promise<number> {
    const row = await this.server.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}

/** The customer stream of a browser: the events it got, and a wait for the next one that matches. */
export class CookieStream {
  readonly events: Array<{ seq: number; type: string; data: any }> = [];
  /** Resolves with this stream once replay is done, or with the HTTP status the upgrade was refused with. */
  readonly opened: Promise<CookieStream | number>;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly socket: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', reject);
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string; event?: { seq: number; type: string; data: any } };
        if (msg.type === 'ready') resolve(this);
        if (msg.type === 'event' && msg.event) this.events.push(msg.event);
        for (const listener of this.listeners) listener();
      });
    });
  }

  /** The first event `pred` accepts, as soon as it arrives (fails after 10 s). */
  waitFor(pred: (e: { type: string; data: any }) => boolean, what: string): Promise<{ type: string; data: any }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(pred);
        if (!found) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no ${what}; got ${this.events.map((e) => e.type).join(', ')}`));
      }, 10_000);
      this.listeners.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}
