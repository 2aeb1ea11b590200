/**
 * Waiting and running times as the TUI shows them, without the text measuring of text.ts, so the
 * flows that word a time load no more than they need. Pure.
 */

/** `65` → `1:05`, `3725` → `1:02:05` (seconds, never negative). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}
