/**
 * A Transport that answers registered stubs and records every request, for in-process CLI tests:
 * `verify()` fails on a stub nobody used and on a request nobody expected, so a test can prove that
 * bad input sent nothing.
 */
import type { Transport, TransportRequest, TransportResponse } from '../../src/client/transport.js';

export interface RecordedRequest {
  readonly method: string;
  /** Server URL the request went to, e.g. `http://desk.test`. */
  readonly origin: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as JSON when it was JSON, else undefined (see `raw`). */
  readonly body: unknown;
  readonly raw: Buffer | undefined;
}

export interface StubAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

type Responder = StubAnswer | ((req: RecordedRequest) => StubAnswer);

interface Stub {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string> | undefined;
  readonly respond: Responder;
  used: boolean;
}

/** A JSON answer. */
export function json(body: unknown, status = 200): StubAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body };
}

/** The server's error body for a status. */
export function apiError(status: number, message: string, field?: string): StubAnswer {
  return json({ error: { code: 'error', message, ...(field ? { field } : {}) } }, status);
}

/** Raw bytes, as a download serves them. */
export function bytes(data: Buffer, type = 'application/octet-stream'): StubAnswer {
  return { status: 200, headers: { 'content-type': type }, body: data };
}

export class FakeTransport implements Transport {
  readonly requests: RecordedRequest[] = [];
  private readonly stubs: Stub[] = [];
  private readonly unexpected: RecordedRequest[] = [];
  /** Origins that behave as if nothing listened there. */
  private readonly dead = new Set<string>();

  /**
   * Answers the next `METHOD /path` (each stub once, in the order registered); `query`, when
   * given, must match the request's query parameters exactly.
   */
  on(method: string, path: string, respond: Responder, query?: Record<string, string>): this {
    this.stubs.push({ method, path, query, respond, used: false });
    return this;
  }

  /** Requests to this origin fail as a refused connection would. */
  down(origin: string): this {
    this.dead.add(origin);
    return this;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    if (this.dead.has(request.url.origin)) throw new Error(`connect ECONNREFUSED ${request.url.host}`);
    const raw = request.body ? Buffer.from(request.body) : undefined;
    if (raw) request.onProgress?.(raw.length, raw.length);
    const isJson = request.headers['content-type'] === 'application/json';
    const recorded: RecordedRequest = {
      method: request.method,
      origin: request.url.origin,
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      headers: request.headers,
      body: raw && isJson ? JSON.parse(raw.toString('utf8')) : undefined,
      raw,
    };
    this.requests.push(recorded);
    const stub = this.stubs.find(
      (s) =>
        !s.used &&
        s.method === recorded.method &&
        s.path === recorded.path &&
        (s.query === undefined || sameQuery(s.query, recorded.query)),
    );
    if (!stub) {
      this.unexpected.push(recorded);
      return answer({ status: 599, body: { error: { code: 'internal', message: 'no stub for this request' } } });
    }
    stub.used = true;
    return answer(typeof stub.respond === 'function' ? stub.respond(recorded) : stub.respond);
  }

  /** Throws when a stub was not used or a request had no stub. */
  verify(): void {
    const problems = [
      ...this.stubs.filter((s) => !s.used).map((s) => `unused stub: ${s.method} ${s.path}`),
      ...this.unexpected.map((r) => `unexpected request: ${r.method} ${r.path}${queryText(r.query)}`),
    ];
    if (problems.length) throw new Error(problems.join('\n'));
  }
}

function sameQuery(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function queryText(q: Record<string, string>): string {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : '';
}

function answer(a: StubAnswer): TransportResponse {
  const data = Buffer.isBuffer(a.body)
    ? a.body
    : a.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(JSON.stringify(a.body));
  return {
    status: a.status,
    headers: { 'content-type': 'application/json', ...a.headers },
    body: (async function* () {
      yield data;
    })(),
  };
}
