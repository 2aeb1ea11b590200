/** Parsing of the ticket flags; bad values fail with exit 5 before anything is sent. */
import { invalid } from '../../core/errors.js';
import { SENTIMENTS, type Sentiment } from '../../core/sentiment.js';
import { TICKET_STATUSES, parseEnum, type TicketStatus } from '../../core/tickets.js';

/** `--status`: a built-in status, or the name of a custom one (the server checks it exists). */
export function statusFlag(raw: string): { status?: TicketStatus; customStatus?: string } {
  const builtIn = parseEnum(TICKET_STATUSES, raw);
  if (builtIn) return { status: builtIn };
  const name = raw.trim();
  if (name === '' || name.length > 100 || name.includes(',')) {
    throw invalid(`unknown --status "${raw}" (valid: ${TICKET_STATUSES.join(', ')} or a custom status)`, '--status');
  }
  return { customStatus: name };
}

/** `--field name=value` (repeatable) as an object; an empty value clears the field on update. */
export function fieldFlags(raws: readonly string[] | undefined, flag = '--field'): Record<string, string> | undefined {
  if (!raws?.length) return undefined;
  const out: Record<string, string> = {};
  for (const raw of raws) {
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq).trim() : '';
    if (!name) throw invalid(`${flag} takes name=value, got "${raw}"`, flag);
    out[name] = raw.slice(eq + 1);
  }
  return out;
}

export function sentimentFlag(raws: readonly string[]): Sentiment[] {
  return raws
    .flatMap((r) => r.split(','))
    .filter((s) => s.trim())
    .map((r) => {
      const v = r.trim().toLowerCase();
      if (!(SENTIMENTS as readonly string[]).includes(v)) {
        throw invalid(`unknown --sentiment "${r}" (valid: ${SENTIMENTS.join(', ')})`, '--sentiment');
      }
      return v as Sentiment;
    });
}
