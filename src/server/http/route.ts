/**
 * Route definitions that carry their schemas, so the same table registers the
 * handlers and produces the OpenAPI document.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import type { Actor } from '../services/actor.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext {
  readonly actor: Actor;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteDef {
  readonly method: Method;
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  readonly response?: z.core.$ZodType;
  /** Status code of a successful answer (default 200). */
  readonly status?: number;
  /** Routes reachable without a token. */
  readonly public?: boolean;
  /** Largest request body in bytes, when it may exceed the server's default (uploads). */
  readonly bodyLimit?: number;
  /** At most `max` requests per `windowMs` for one caller (technician, customer, or address); more get 429. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  readonly handler: (ctx: RouteContext) => Promise<unknown>;
}

export const defineRoutes = (routes: RouteDef[]): RouteDef[] => routes;
