/**
 * Admin-defined ticket fields (DESIGN §2.1): text, number, date or a choice
 * from a list. Values are validated on write and stored in a canonical text
 * form, so filters compare like with like.
 */
import { invalid } from './errors.js';

export const FIELD_KINDS = ['text', 'number', 'date', 'choice'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldDef {
  readonly name: string;
  readonly kind: FieldKind;
  readonly choices: readonly string[] | null;
}

export const FIELD_TEXT_MAX = 1000;

/** A field or status name as stored for lookups: trimmed, lower case, spaces as `_`. */
export function nameKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The canonical stored form of a value, or an invalid-input error naming the field. */
export function canonicalValue(field: FieldDef, raw: string): string {
  const value = raw.trim();
  const fail = (why: string) => invalid(`field "${field.name}": ${why}`, `fields.${field.name}`);
  switch (field.kind) {
    case 'text':
      if (value.length > FIELD_TEXT_MAX) throw fail(`must be at most ${FIELD_TEXT_MAX} characters`);
      return value;
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw fail(`must be a number, got "${raw}"`);
      const n = Number(value);
      if (!Number.isFinite(n) || Math.abs(n) > 1e15) throw fail(`must be a number, got "${raw}"`);
      return String(n);
    }
    case 'date':
      if (!validDate(value)) throw fail(`must be a date as YYYY-MM-DD, got "${raw}"`);
      return value;
    case 'choice': {
      const hit = (field.choices ?? []).find((c) => c.toLowerCase() === value.toLowerCase());
      if (hit === undefined) throw fail(`must be one of ${(field.choices ?? []).join(', ')}, got "${raw}"`);
      return hit;
    }
  }
}
