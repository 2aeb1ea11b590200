/**
 * Durations as people type them: `90m`, `1h30m`, `1h 30m`, `1.5h` (or `1,5h`),
 * `01:30` (h:mm), `45s`, `2d`, `250ms`. Returns milliseconds, or undefined when
 * not a duration.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(input: string): number | undefined {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/(?<=[a-z])\s+(?=\d)/g, '');
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(s);
  if (clock) {
    return Number(clock[1]) * UNIT_MS.h! + Number(clock[2]) * UNIT_MS.m! + Number(clock[3] ?? 0) * UNIT_MS.s!;
  }
  if (s === '' || !/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return Math.round(total);
}

/** `5400000` → `1h30m`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h === 0 && m === 0) return `${s}s`;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${h === 0 && s ? `${s}s` : ''}`;
}
