/**
 * Windowed lists: only the rows that fit are rendered. The window moves as little as it can to keep
 * the selected row in view, so moving the selection rewrites two lines rather than the whole list.
 */
import { useRef } from 'react';

/** The first visible row, given the last one shown, so that `selected` is visible. */
export function windowStart(prev: number, selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let start = Math.min(prev, total - height);
  if (selected < start) start = selected;
  else if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, total - height));
}

/** {@link windowStart} remembered between renders of one list. */
export function useWindow(selected: number, height: number, total: number): number {
  const last = useRef(0);
  const start = windowStart(last.current, selected, height, total);
  last.current = start;
  return start;
}
