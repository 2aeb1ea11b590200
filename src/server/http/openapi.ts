/** Builds the OpenAPI 3.1 document from the route table and its zod schemas. */
import * as z from 'zod/mini';
import type { RouteDef } from './route.js';

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

export function openApiDocument(routes: readonly RouteDef[], version: string): unknown {
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
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    if (!r.public) op.security = [{ bearer: [] }];
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/v1/events'] = {
    get: {
      summary: 'WebSocket event stream: replays events after ?since=SEQ, then streams live ones',
      tags: ['events'],
      parameters: [{ name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
      responses: { '101': { description: 'Switching to the WebSocket protocol' } },
      security: [{ bearer: [] }],
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Deskline API', version },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
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
