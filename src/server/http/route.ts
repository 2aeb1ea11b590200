/**
 * The route table's entry types. Each route carries its schemas, who may call
 * it and how often, so one table registers the handlers, drives the auth hook
 * and the rate limiter, and produces the OpenAPI document.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import type { Actor } from '../services/actor.js';
import type { CustomerActor } from '../services/chat/customers.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Who may call a route: anyone, a customer on a session token, or a technician
 * on an API token. Admin-only actions are checked by the service, which also
 * lets a technician act on their own record.
 */
export type Auth = 'public' | 'customer' | 'technician';
export const AUTHS: readonly Auth[] = ['public', 'customer', 'technician'];

/** At most `max` requests per `windowMs` for one caller (technician, customer, or address); more get 429. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** What the auth hook and the rate limiter read from a route's config. */
export interface Access {
  readonly auth: Auth;
  readonly rateLimit?: RateLimit;
}

export interface PublicContext {
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface TechnicianContext extends PublicContext {
  readonly actor: Actor;
}

export interface CustomerContext extends PublicContext {
  readonly customer: CustomerActor;
}

interface RouteShape {
  readonly method: Method;
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  readonly response?: z.core.$ZodType;
  /** Status code of a successful answer (default 200). */
  readonly status?: number;
  /** Largest request body in bytes, when it may exceed the server's default (uploads). */
  readonly bodyLimit?: number;
  readonly rateLimit?: RateLimit;
  /**
   * The answer holds no customer data (technicians, tokens, settings): it goes to every technician as
   * it is. Every other technician route's answer is masked for technicians without the unmask right.
   */
  readonly customerData?: false;
}

export type RouteDef =
  | (RouteShape & { readonly auth: 'public'; readonly handler: (ctx: PublicContext) => Promise<unknown> })
  | (RouteShape & { readonly auth: 'customer'; readonly handler: (ctx: CustomerContext) => Promise<unknown> })
  | (RouteShape & { readonly auth: 'technician'; readonly handler: (ctx: TechnicianContext) => Promise<unknown> });

/** A WebSocket route (`GET` that upgrades), declared like the others. */
export interface StreamRouteDef extends Access {
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly query?: z.core.$ZodType;
}

export const defineRoutes = (routes: RouteDef[]): RouteDef[] => routes;
