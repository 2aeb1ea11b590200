/**
 * Opaque page cursors: the sort key and id of the last row of a page, so the
 * next page starts strictly after it whatever was inserted meanwhile. A cursor
 * names the order it belongs to (a ticket list's sort, or `time` for time
 * entries) and is refused in another.
 */
import { invalid } from '../../core/errors.js';
import type { SortKey } from '../../core/tickets.js';

export interface CursorPosition {
  readonly key: number;
  readonly id: number;
}

/** What a cursor pages through: a ticket list's sort, or time entries by start. */
export type CursorOrder = SortKey | 'time';

export function encodeCursor(sort: CursorOrder, pos: CursorPosition): string {
  return Buffer.from(`${sort}:${pos.key}:${pos.id}`).toString('base64url');
}

export function decodeCursor(cursor: string, sort: CursorOrder): CursorPosition {
  const [s, key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const k = Number(key);
  const i = Number(id);
  if (s !== sort || !Number.isFinite(k) || !Number.isInteger(i))
    throw invalid('invalid cursor for this sort', 'cursor');
  return { key: k, id: i };
}
