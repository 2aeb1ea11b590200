/**
 * The HTTP client for the Deskline API (undici). Answers are validated with
 * the same schemas the server uses; failures become DeskErrors with the exit
 * code the CLI documents.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { z } from 'zod';
import { DeskError, codeForHttpStatus } from '../core/errors.js';
import { errorBodySchema } from '../core/schemas.js';

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
}

export class ApiClient {
  readonly server: string;
  private readonly token: string;

  constructor(server: string, token: string) {
    this.server = server;
    this.token = token;
  }

  /** A fresh id for a send, so a retried request is stored once. */
  static clientId(): string {
    return randomUUID();
  }

  async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let res;
    try {
      res = await request(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        headersTimeout: 30_000,
        bodyTimeout: 60_000,
      });
    } catch (err) {
      throw new DeskError('unreachable', `cannot reach the server at ${this.server}: ${(err as Error).message}`, {
        hint: 'is `desk server` running? check --server, DESK_SERVER or `desk login`',
      });
    }
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      throw new DeskError('internal', `the server answered ${res.statusCode} with a body that is not JSON`);
    }
    if (res.statusCode >= 400) {
      const parsed = errorBodySchema.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : `the server answered ${res.statusCode}`;
      const code = codeForHttpStatus(res.statusCode);
      throw new DeskError(
        code,
        message,
        parsed.success && parsed.data.error.field ? { field: parsed.data.error.field } : {},
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new DeskError('internal', `unexpected answer from the server for ${method} ${path}`);
    return parsed.data;
  }
}
