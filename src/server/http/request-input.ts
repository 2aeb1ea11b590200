/**
 * What every request's input goes through before its handler, whatever the route: U+0000 is refused
 * in any string (PostgreSQL cannot store it, and no field means it), and the query string is checked
 * against the route's declared query schema, so a malformed filter answers 400 instead of reaching SQL.
 */
import * as z from 'zod/mini';
import { invalid } from '../../core/errors.js';

/** The path of the first string holding U+0000 in a parsed JSON value, query or params, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulPath(inner, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface RequestInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

/** Throws a 400 when the input holds U+0000 or the query does not match the route's query schema. */
export function checkRequestInput(input: RequestInput, querySchema: z.core.$ZodType | undefined): void {
  for (const part of [input.params, input.query, input.body]) {
    const at = nulPath(part, '');
    if (at !== undefined)
      throw invalid(`${at || 'the request'} must not contain the NUL character (U+0000)`, at || undefined);
  }
  if (querySchema) z.parse(querySchema, input.query ?? {});
}
