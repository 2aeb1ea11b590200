/**
 * The HTTP client for the Deskline API. Answers are validated with the same
 * schemas the server uses; failures become DeskErrors with the exit code the
 * CLI documents. It speaks through Node's own http module: a one-shot command
 * pays nothing to load it, which keeps `desk` quick to start.
 */
import * as http from 'node:http';
import type * as z from 'zod/mini';
import { DeskError, codeForHttpStatus } from '../core/errors.js';

/**
 * The schema of an answer, or a function that imports it: the request goes out first and the
 * schema module loads while the server works on it.
 */
export type SchemaSource<S> = S | (() => Promise<S>);

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
}

/** `URL1,URL2` → the list of servers to try, in order. */
export function serverList(server: string): string[] {
  return server
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export class ApiClient {
  private readonly servers: string[];
  private current = 0;
  private readonly token: string;

  /** `server` may list several nodes (`URL1,URL2`): a request that cannot reach one goes to the next. */
  constructor(server: string, token: string) {
    this.servers = serverList(server);
    this.token = token;
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
   * Sends to the current server, then to each next one that cannot be reached.
   * Repeating a request on another node is safe: creates and messages carry a
   * client id the server stores once, and the other changes set values.
   */
  private async sendToAny(method: string, path: string, options: RequestOptions) {
    const n = this.servers.length;
    let lastError: Error | undefined;
    for (let i = 0; i < n; i++) {
      const index = (this.current + i) % n;
      const url = new URL(this.servers[index] + path);
      for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      try {
        const res = await send(url, method, this.token, options.body);
        this.current = index;
        return res;
      } catch (err) {
        lastError = err as Error;
      }
    }
    const where = n > 1 ? `any of ${this.servers.join(', ')}` : `the server at ${this.servers[0] ?? '(none)'}`;
    throw new DeskError('unreachable', `cannot reach ${where}: ${lastError?.message ?? 'no server configured'}`, {
      hint: 'is `desk server` running? check --server, DESK_SERVER or `desk login`',
    });
  }

  async call<S extends z.ZodMiniType>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    schema: SchemaSource<S>,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const answer = this.sendToAny(method, path, options);
    const [res, answerSchema] = await Promise.all([answer, typeof schema === 'function' ? schema() : schema]);
    const text = res.text;
    let json: unknown;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      throw new DeskError('internal', `the server answered ${res.statusCode} with a body that is not JSON`);
    }
    if (res.statusCode >= 400) {
      const { errorBodySchema } = await import('../core/schemas.js');
      const parsed = errorBodySchema.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : `the server answered ${res.statusCode}`;
      const code = codeForHttpStatus(res.statusCode);
      throw new DeskError(
        code,
        message,
        parsed.success && parsed.data.error.field ? { field: parsed.data.error.field } : {},
      );
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) throw new DeskError('internal', `unexpected answer from the server for ${method} ${path}`);
    return parsed.data;
  }
}

const TIMEOUT_MS = 60_000;

/**
 * `request` of node:http or, for an https URL, of node:https: that one loads TLS, which a command
 * talking plain HTTP should not pay for at start-up.
 */
export async function requestFor(url: URL): Promise<typeof http.request> {
  return url.protocol === 'https:' ? (await import('node:https')).request : http.request;
}

/** One request and its whole answer as text. */
async function send(
  url: URL,
  method: string,
  token: string,
  body: unknown,
): Promise<{ statusCode: number; text: string }> {
  const payload = body !== undefined ? Buffer.from(JSON.stringify(body)) : undefined;
  const request = await requestFor(url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
