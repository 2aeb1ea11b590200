/**
 * `@name` mentions in internal notes. A mention names a technician by the
 * local part of their e-mail (`@sam` for sam@example.com), by their full name
 * with dots, dashes or underscores for spaces (`@sam.rivera`), or by their
 * first name when no other technician shares it. E-mail addresses in the text
 * are not mentions.
 */
export interface Mentionable {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/** The raw handles mentioned in a text, lower case, in order, without repeats. */
export function mentionHandles(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(^|[^\p{L}\p{N}_.@+-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)) {
    const handle = (m[2] as string).replace(/[._-]+$/, '').toLowerCase();
    if (handle && !out.includes(handle)) out.push(handle);
  }
  return out;
}

function aliases(t: Mentionable): string[] {
  const name = t.name.trim().toLowerCase();
  const local = t.email.toLowerCase().split('@')[0] ?? '';
  const words = name.split(/\s+/).filter(Boolean);
  return [local, words.join('.'), words.join('_'), words.join('-'), words.join('')].filter(Boolean);
}

/** Resolves handles to technicians; unknown or ambiguous handles are left out. */
export function resolveMentions(text: string, technicians: readonly Mentionable[]): Mentionable[] {
  const found = new Map<number, Mentionable>();
  for (const handle of mentionHandles(text)) {
    let match = technicians.filter((t) => aliases(t).includes(handle));
    if (match.length === 0) {
      match = technicians.filter((t) => (t.name.trim().split(/\s+/)[0] ?? '').toLowerCase() === handle);
    }
    const only = match.length === 1 ? match[0] : undefined;
    if (only) found.set(only.id, only);
  }
  return [...found.values()];
}

/** A short excerpt of a note for a notification: one line, at most `max` characters. */
export function excerpt(text: string, max = 140): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const points = Array.from(line);
  return points.length <= max ? line : points.slice(0, max - 1).join('') + '…';
}
