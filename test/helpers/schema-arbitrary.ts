/**
 * fast-check arbitraries from the route table's own zod schemas, through the JSON Schema that
 * `/openapi.json` documents: values that match the schema, and values that deliberately do not
 * (a wrong type in one field, a missing required field, any JSON at all).
 */
import fc from 'fast-check';
import * as z from 'zod/mini';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/** The JSON Schema of a zod schema as a request sends it. */
export function inputSchema(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Text of every kind: printable, any code point (controls, NUL, lone surrogates), and tricky names. */
function text(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.max(min, Math.min(max, min + 40));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: cap }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: cap }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('50% off', '%zz', 'a/b', '..', '\u0000', '\u202e', '\x1b]52;c;eA==\x07', 'ü ß 漢字', ' ')
        .filter((s) => s.length >= min && s.length <= max),
    },
  );
}

function integer(s: JsonSchema): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -(2 ** 31));
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 2 ** 31 - 1);
  const lo = Math.max(min, Number.MIN_SAFE_INTEGER);
  const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
  // Small values find the rows the fixtures made; the whole range finds the edges.
  return fc.oneof(fc.integer({ min: lo, max: Math.min(hi, Math.max(lo, 0) + 4) }), fc.integer({ min: lo, max: hi }));
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 200;
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'date-time') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (s.format === 'date') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern, 'u');
      return fc.stringMatching(re).filter((v) => v.length >= min && v.length <= max);
    } catch {
      // A pattern fast-check cannot build from: plain text, which the server refuses or takes.
    }
  }
  return text(min, max);
}

/** Values that match `schema` (`root` holds its `$defs`). */
export function validValue(schema: JsonSchema, root: JsonSchema = schema, depth = 0): fc.Arbitrary<unknown> {
  const s = schema;
  if (s.$ref) {
    const name = s.$ref.split('/').pop() ?? '';
    const target = root.$defs?.[name];
    return target && depth < 4 ? validValue(target, root, depth + 1) : fc.jsonValue({ maxDepth: 1 });
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validValue(a, root, depth + 1)));
  if (s.allOf?.[0]) return validValue(s.allOf[0], root, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => validValue({ ...s, type: t }, root, depth)));
  switch (s.type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return integer(s);
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: s.minimum ?? s.exclusiveMinimum ?? -1e9,
        max: s.maximum ?? s.exclusiveMaximum ?? 1e9,
        minExcluded: s.minimum === undefined && s.exclusiveMinimum !== undefined,
        maxExcluded: s.maximum === undefined && s.exclusiveMaximum !== undefined,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => validValue(p, root, depth + 1)));
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, minLength + 3));
      return fc.array(s.items ? validValue(s.items, root, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength,
        maxLength,
      });
    }
    case 'object': {
      const props = s.properties ?? {};
      const record = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, validValue(p, root, depth + 1)]));
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values that are deliberately wrong for `schema`: one field of another type, a required field left out, any JSON. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  const keys = Object.keys(schema.properties ?? {});
  if (keys.length === 0) return anyJson;
  const valid = validValue(schema).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  return fc.oneof(
    anyJson,
    fc
      .tuple(valid, fc.constantFrom(...keys), anyJson)
      .map(([v, key, wrong]) => ({ ...(v as Record<string, unknown>), [key]: wrong })),
    fc.tuple(valid, fc.constantFrom(...keys)).map(([v, key]) => {
      const out = { ...(v as Record<string, unknown>) };
      delete out[key];
      return out;
    }),
    fc
      .tuple(valid, fc.constantFrom(2 ** 31, 2 ** 53 + 2, -1, 1.5, 1e308, '', 'abc', [], {}))
      .chain(([v, wrong]) =>
        fc.constantFrom(...keys).map((key) => ({ ...(v as Record<string, unknown>), [key]: wrong })),
      ),
  );
}

/** A query object as strings (what a URL can carry); arrays repeat their key. */
export function queryString(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v))
      for (const item of v) params.append(k, typeof item === 'string' ? item : JSON.stringify(item));
    else params.append(k, typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const q = params.toString();
  return q ? `?${q}` : '';
}
