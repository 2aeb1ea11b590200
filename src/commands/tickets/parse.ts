/** Parsing of ticket flags into API values; bad values fail with exit 5 and the valid choices. */
import { invalid } from '../../core/errors.js';
import { parseEnum } from '../../core/tickets.js';
import type { Context } from '../context.js';

export function enumFlag<T extends string>(values: readonly T[], raw: string, flag: string): T {
  const v = parseEnum(values, raw);
  if (v === undefined) throw invalid(`unknown ${flag} "${raw}" (valid: ${values.join(', ')})`, flag);
  return v;
}

/** One or several values, repeated or comma-separated. */
export function enumList<T extends string>(values: readonly T[], raws: readonly string[], flag: string): T[] {
  return raws
    .flatMap((r) => r.split(','))
    .filter((s) => s.trim())
    .map((r) => enumFlag(values, r, flag));
}

/** `me`, `none` or a technician id. */
export function assigneeFlag(raw: string): 'me' | 'none' | number {
  const v = raw.trim().toLowerCase();
  if (v === 'me' || v === 'none') return v;
  if (/^\d+$/.test(v) && Number(v) > 0) return Number(v);
  throw invalid(`--assign/--assignee takes me, none or a technician id, got "${raw}"`);
}

/** The text of `--message`; `-` reads standard input. */
export async function messageText(raw: string, ctx: Context): Promise<string> {
  if (raw !== '-') return raw;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
