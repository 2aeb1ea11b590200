/**
 * The HTTP client for the Deskline API: JSON calls, uploads with progress and downloads, each sent
 * to the first server of `URL1,URL2` that can be reached. Answers are validated with the schemas
 * the server uses; every failure becomes a DeskError with the exit code the CLI documents, mapped in
 * one place. The bytes go through a {@link Transport}: node:http unless a test hands in a fake.
 */
import type * as z from 'zod/mini';
import { DeskError, codeForHttpStatus } from '../core/errors.js';
import { SEQ_HEADER } from '../core/read-sequence.js';
import { nodeTransport, readBody, type Transport, type TransportResponse } from './transport.js';

/**
 * The schema of an answer, or a function that imports it: the request goes out first and the
 * schema module loads while the server works on it.
 */
export type SchemaSource<S> = S | (() => Promise<S>);

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
}

export interface UploadOptions {
  readonly query?: Query;
  readonly onProgress?: (sent: number, total: number) => void;
}

export interface ClientOptions {
  /** Where requests go; node:http(s) by default. */
  readonly transport?: Transport | undefined;
  /** How long a connection may stay silent before the server counts as unreachable. */
  readonly timeoutMs?: number;
  /** Told the event sequence each read was made at (the server's `x-desk-seq`), when it says. */
  readonly onSeq?: ((seq: number) => void) | undefined;
}

/** A download: its headers and its bytes as they arrive. */
export interface Download {
  readonly headers: TransportResponse['headers'];
  readonly body: AsyncIterable<Uint8Array>;
}

/** One silence limit for every request: a transfer that keeps moving never hits it. */
export const TIMEOUT_MS = 60_000;

const UNREACHABLE_HINT = 'is `desk server` running? check --server, DESK_SERVER or `desk login`';
const UNAVAILABLE_HINT = 'the server cannot serve right now (its database is unreachable); try again shortly';

/** `URL1,URL2` → the list of servers to try, in order. */
export function serverList(server: string): string[] {
  return server
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/** The DeskError for an answer of 400 or more, with the server's message and field when it gave them. */
export async function failure(status: number, text: string): Promise<DeskError> {
  let json: unknown;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const { errorBodySchema } = await import('../core/schemas.js');
  const parsed = errorBodySchema.safeParse(json);
  const message = parsed.success ? parsed.data.error.message : `the server answered ${status}`;
  const field = parsed.success ? parsed.data.error.field : undefined;
  const code = codeForHttpStatus(status);
  const hint = code === 'unavailable' ? UNAVAILABLE_HINT : undefined;
  return new DeskError(code, message, { ...(field ? { field } : {}), ...(hint ? { hint } : {}) });
}

export class ApiClient {
  private readonly servers: string[];
  private current = 0;
  private readonly token: string;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly onSeq: ((seq: number) => void) | undefined;

  /** `server` may list several nodes (`URL1,URL2`): a request that cannot reach one goes to the next. */
  constructor(server: string, token: string, options: ClientOptions = {}) {
    this.servers = serverList(server);
    this.token = token;
    this.transport = options.transport ?? nodeTransport;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.onSeq = options.onSeq;
  }

  /** The server that answered last (the first one before any request). */
  get server(): string {
    return this.servers[this.current] ?? '';
  }

  /** A fresh id for a send, so a retried request is stored once. */
  static clientId(): string {
    // The global Web Crypto loads node's crypto modules on first use, not with every command.
    return globalThis.crypto.randomUUID();
  }

  /**
   * Sends to the current server, then to each next one that cannot be reached; `read` runs on the
   * answer inside the attempt, so a connection that breaks while it reads counts as unreachable too.
   * Repeating a request on another node is safe: creates and messages carry a client id the server
   * stores once, and the other changes set values.
   */
  private async sendToAny<T>(
    method: Method,
    path: string,
    query: Query | undefined,
    request: { headers: Record<string, string>; body?: Uint8Array; onProgress?: (sent: number, total: number) => void },
    read: (res: TransportResponse) => Promise<T>,
  ): Promise<T> {
    const n = this.servers.length;
    let lastError: Error | undefined;
    for (let i = 0; i < n; i++) {
      const index = (this.current + i) % n;
      const url = new URL(this.servers[index] + path);
      for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      try {
        const res = await this.transport.send({
          method,
          url,
          headers: { authorization: `Bearer ${this.token}`, ...request.headers },
          ...(request.body ? { body: request.body } : {}),
          ...(request.onProgress ? { onProgress: request.onProgress } : {}),
          timeoutMs: this.timeoutMs,
        });
        const value = await read(res);
        this.current = index;
        return value;
      } catch (err) {
        lastError = err as Error;
      }
    }
    const where = n > 1 ? `any of ${this.servers.join(', ')}` : `the server at ${this.servers[0] ?? '(none)'}`;
    throw new DeskError('unreachable', `cannot reach ${where}: ${lastError?.message ?? 'no server configured'}`, {
      hint: UNREACHABLE_HINT,
    });
  }

  /** Sends and reads the whole answer as text. */
  private async exchange(
    method: Method,
    path: string,
    query: Query | undefined,
    request: { headers: Record<string, string>; body?: Uint8Array; onProgress?: (sent: number, total: number) => void },
  ): Promise<{ status: number; text: string }> {
    const res = await this.sendToAny(method, path, query, request, async (r) => ({
      status: r.status,
      headers: r.headers,
      text: (await readBody(r.body)).toString('utf8'),
    }));
    const seq = res.headers[SEQ_HEADER];
    if (this.onSeq && res.status < 400 && typeof seq === 'string' && /^\d+$/.test(seq)) this.onSeq(Number(seq));
    return res;
  }

  /** Checks a JSON answer: an error status becomes its DeskError, a body the schema refuses an internal one. */
  private async answer<S extends z.ZodMiniType>(
    what: string,
    res: { status: number; text: string },
    schema: SchemaSource<S>,
  ): Promise<z.infer<S>> {
    if (res.status >= 400) throw await failure(res.status, res.text);
    let json: unknown;
    try {
      json = res.text.length ? JSON.parse(res.text) : undefined;
    } catch {
      throw new DeskError('internal', `the server answered ${res.status} with a body that is not JSON`);
    }
    const answerSchema = typeof schema === 'function' ? await schema() : schema;
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) throw new DeskError('internal', `unexpected answer from the server for ${what}`);
    return parsed.data;
  }

  /** A JSON request and its validated JSON answer. */
  async call<S extends z.ZodMiniType>(
    method: Method,
    path: string,
    schema: SchemaSource<S>,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const payload = options.body !== undefined ? Buffer.from(JSON.stringify(options.body)) : undefined;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) headers['content-type'] = 'application/json';
    // The schema module (when given as an import) loads while the request is out.
    const loading = typeof schema === 'function' ? schema() : Promise.resolve(schema);
    loading.catch(() => {});
    const res = await this.exchange(method, path, options.query, { headers, ...(payload ? { body: payload } : {}) });
    return this.answer(`${method} ${path}`, res, await loading);
  }

  /** Uploads bytes as application/octet-stream, reporting progress; the answer is JSON like any call's. */
  async upload<S extends z.ZodMiniType>(
    path: string,
    data: Uint8Array,
    schema: SchemaSource<S>,
    options: UploadOptions = {},
  ): Promise<z.infer<S>> {
    const loading = typeof schema === 'function' ? schema() : Promise.resolve(schema);
    loading.catch(() => {});
    const res = await this.exchange('POST', path, options.query, {
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
      body: data,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return this.answer(`POST ${path}`, res, await loading);
  }

  /** Downloads what a path serves, as a stream: the answer's headers are in, its bytes follow. */
  async download(path: string, query?: Query): Promise<Download> {
    const res = await this.sendToAny('GET', path, query, { headers: {} }, async (r) =>
      r.status >= 400 ? { ...r, text: (await readBody(r.body)).toString('utf8') } : { ...r, text: undefined },
    );
    if (res.text !== undefined) throw await failure(res.status, res.text);
    const server = this.server;
    async function* bytes(): AsyncIterable<Uint8Array> {
      try {
        yield* res.body;
      } catch (err) {
        throw new DeskError('unreachable', `the download from ${server} broke off: ${(err as Error).message}`, {
          hint: UNREACHABLE_HINT,
        });
      }
    }
    return { headers: res.headers, body: bytes() };
  }
}
