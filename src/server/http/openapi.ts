/**
 * Builds the OpenAPI 3.1 document from the route table: zod schemas for bodies
 * and answers, and each route's declared access for its security and limit.
 */
import * as z from 'zod/mini';
import type { Access, RouteDef, StreamRouteDef } from './route.js';
import { MAX_STREAMS_PER_TOKEN } from './stream-limits.js';

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

function queryParameters(schema: z.core.$ZodType): unknown[] {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

const securityByAuth = {
  public: [],
  customer: [{ customerSession: [] }],
  technician: [{ apiToken: [] }],
} as const;

/** The operation fields that come from a route's access: security, and its limit with the 429 it answers past it. */
function accessFields(access: Access) {
  return {
    security: securityByAuth[access.auth],
    ...(access.rateLimit ? { 'x-rate-limit': { max: access.rateLimit.max, windowMs: access.rateLimit.windowMs } } : {}),
  };
}

const tooManyResponse = {
  description: 'Rate limited: try again after Retry-After seconds',
  headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

export function openApiDocument(
  routes: readonly RouteDef[],
  streams: readonly StreamRouteDef[],
  version: string,
): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: m[1] === 'id' || m[1]?.endsWith('Id') ? { type: 'integer', minimum: 1 } : { type: 'string' },
    }));
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...params, ...(r.query ? queryParameters(r.query) : [])],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } } : {}),
        },
        ...(r.rateLimit ? { '429': tooManyResponse } : {}),
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = { ...op, ...accessFields(r) };
  }
  for (const s of streams) {
    (paths[s.url] ??= {}).get = {
      summary: s.summary,
      tags: [s.tag],
      parameters: s.query ? queryParameters(s.query) : [],
      responses: {
        '101': { description: 'Switching to the WebSocket protocol' },
        '429': {
          ...tooManyResponse,
          description: `${MAX_STREAMS_PER_TOKEN} streams are open with this token already: close one, or try again after Retry-After seconds`,
        },
        default: {
          description: 'Error (before the upgrade)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      ...accessFields(s),
      'x-stream-limit': { perToken: MAX_STREAMS_PER_TOKEN },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Deskline API', version },
    paths,
    components: {
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: "A technician's API token" },
        customerSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'A customer session token from POST /v1/customer/verify',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
        },
      },
    },
  };
}

/** `GET /openapi.json`: the document, built once from the finished table. */
export function openApiRoute(document: () => unknown): RouteDef {
  return {
    method: 'GET',
    url: '/openapi.json',
    auth: 'public',
    tag: 'meta',
    summary: 'This OpenAPI document',
    handler: async () => document(),
  };
}
