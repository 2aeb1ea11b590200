/**
 * Setup of end-to-end tests over HTTP: what a test does not test (companies, contacts,
 * technicians and their grants, tickets, customer sessions, the manual clock) is made with plain
 * requests to the real server, the admin token by default. One copy for every end-to-end file.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface SeededTechnician {
  readonly id: number;
  readonly token: string;
  readonly name: string;
  readonly email: string;
}

export interface SeededCustomer {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  /** A customer session token (`DESK_CUSTOMER_TOKEN` for `desk customer …`). */
  readonly token: string;
}

export interface TicketSeed {
  readonly title?: string;
  readonly requesterId?: number;
  readonly priority?: string;
  readonly tags?: string[];
  readonly message?: string;
  readonly fields?: Record<string, string>;
  readonly productFamily?: string;
}

/** `Sam Rivera` → `sam.rivera`. */
const slug = (name: string) => name.toLowerCase().replace(/\W+/g, '.');

export class Seed {
  /** @param url the server, read at each call (a restarted process keeps its port). */
  constructor(
    private readonly url: () => string,
    readonly adminToken: string,
  ) {}

  async call<T = any>(token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(this.url() + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
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

  /** An admin request that must succeed. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    return this.ok<T>(this.adminToken, method, path, body);
  }

  async company(name: string): Promise<number> {
    return (await this.admin<{ id: number }>('POST', '/v1/companies', { name })).id;
  }

  async contact(companyId: number, name: string, options: { email?: string; phone?: string } = {}): Promise<number> {
    const email = options.email ?? `${slug(name)}@customer.example`;
    const body = { companyId, name, email, ...(options.phone ? { phone: options.phone } : {}) };
    return (await this.admin<{ id: number }>('POST', '/v1/contacts', body)).id;
  }

  /** A technician with an API token, granted the given companies, optionally already Available. */
  async technician(
    name: string,
    options: { email?: string; grant?: number[]; available?: boolean; admin?: boolean; canUnmask?: boolean } = {},
  ): Promise<SeededTechnician> {
    const email = options.email ?? `${slug(name)}@example.com`;
    const t = await this.admin<{ id: number; token: string }>('POST', '/v1/technicians', {
      name,
      email,
      admin: options.admin ?? false,
      canUnmask: options.canUnmask ?? false,
    });
    for (const c of options.grant ?? []) await this.grant(t.id, c);
    if (options.available) await this.status(t.token, 'available');
    return { id: t.id, token: t.token, name, email };
  }

  async grant(technicianId: number, companyId: number): Promise<void> {
    await this.admin('POST', '/v1/grants', { technicianId, companyId });
  }

  /** Sets a technician's chat availability (`available`, `away`, `offline`). */
  async status(token: string, state: string): Promise<void> {
    await this.ok(token, 'PUT', '/v1/status', { state });
  }

  /** Creates a ticket (titled "Printer on fire" unless told) and answers its id. */
  async ticket(companyId: number, seed: TicketSeed = {}, token = this.adminToken): Promise<number> {
    const body = { title: 'Printer on fire', ...seed, companyId };
    return (await this.ok<{ id: number }>(token, 'POST', '/v1/tickets', body)).id;
  }

  /** A contact of the company logged in on the customer side (the one-time code read by the admin). */
  async customer(companyId: number, name: string): Promise<SeededCustomer> {
    const email = `${slug(name)}@customer.example`;
    const id = await this.contact(companyId, name, { email });
    return { id, email, name, token: await this.customerSession(email) };
  }

  /** Logs a contact in with a one-time code and answers the customer session token. */
  async customerSession(email: string): Promise<string> {
    await this.ok('', 'POST', '/v1/customer/login', { email });
    const { code } = await this.admin<{ code: string }>(
      'GET',
      `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`,
    );
    return (await this.ok<{ token: string }>('', 'POST', '/v1/customer/verify', { email, code })).token;
  }

  async wrapup(name: string): Promise<void> {
    await this.admin('POST', '/v1/wrapups', { name });
  }

  /** Sets an admin setting such as `chat.auto-ticket-after` (`null` for the default). */
  async setting(key: string, value: string | null): Promise<void> {
    await this.admin('PUT', '/v1/settings', { key, value });
  }

  /** Moves the server's manual clock forward (servers on a test clock); due deadlines fire first. */
  async advance(ms: number): Promise<string> {
    return (await this.admin<{ now: string }>('PUT', '/v1/test/clock', { advanceMs: ms })).now;
  }

  /** Sets the manual clock to an instant. */
  async setClock(now: string): Promise<string> {
    return (await this.admin<{ now: string }>('PUT', '/v1/test/clock', { now })).now;
  }
}
