/**
 * What the reducer's slices share: the shape of a slice (one handler per action type it owns), list
 * moves, and immutable updates of maps and sets that keep the old object when nothing changes.
 */
import type { State } from '../state.js';

/** One handler per action type of `A`, each given its own action. */
export type Handlers<A extends { readonly type: string }> = {
  readonly [T in A['type']]: (state: State, action: Extract<A, { readonly type: T }>) => State;
};

export type Move = { readonly delta: number } | { readonly to: 'top' | 'bottom' };

export function setIn<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

export function deleteIn<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

export function addTo<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  if (set.has(value)) return set;
  return new Set(set).add(value);
}

export function removeFrom<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  if (!set.has(value)) return set;
  const next = new Set(set);
  next.delete(value);
  return next;
}

/** Epoch ms of an ISO time, 0 when absent or unreadable. */
export const ms = (iso: string | null | undefined): number => {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** The index a move leads to in a list of `length` rows. */
export function moveIndex(current: number, length: number, move: Move): number {
  if (length === 0) return 0;
  if ('to' in move) return move.to === 'top' ? 0 : length - 1;
  return clamp(current + move.delta, 0, length - 1);
}
