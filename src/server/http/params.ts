import { invalid } from '../../core/errors.js';

/** Parses a positive integer path parameter, or answers 400 naming it. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const raw = params[name] ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0)
    throw invalid(`${name} must be a positive integer`, name);
  return n;
}
