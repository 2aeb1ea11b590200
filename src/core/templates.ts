/**
 * Reply templates (canned responses): `{{requester.name}}`-style placeholders
 * filled from the ticket, its requester and the technician using it. A
 * placeholder may name the text to use when the ticket has no value for it:
 * `{{requester.first_name|there}}`.
 */
import { invalid } from './errors.js';

export const TEMPLATE_FIELDS = [
  'requester.name',
  'requester.first_name',
  'requester.email',
  'company.name',
  'ticket.id',
  'ticket.title',
  'ticket.status',
  'ticket.priority',
  'technician.name',
  'technician.first_name',
  'technician.email',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Readonly<Record<TemplateField, string>>;

export const TEMPLATE_BODY_MAX = 20_000;
const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*(?:\|([^{}]*))?\}\}/gi;

/** The placeholders a body uses that are not known fields. */
export function unknownPlaceholders(body: string): string[] {
  const known = new Set<string>(TEMPLATE_FIELDS);
  return [...body.matchAll(PLACEHOLDER)].map((m) => (m[1] as string).toLowerCase()).filter((name) => !known.has(name));
}

/** Checks a template body, failing with the unknown placeholders and the known ones. */
export function checkTemplateBody(body: string): void {
  const unknown = unknownPlaceholders(body);
  if (unknown.length) {
    throw invalid(
      `unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')} (known: ${TEMPLATE_FIELDS.join(', ')})`,
      'body',
    );
  }
}

/**
 * Fills every placeholder. A field without a value on this ticket (no requester, say) takes the
 * placeholder's default; without one, the template is refused, naming the fields and how to give
 * them a default, so that no reply goes out as `Hi , …`.
 */
export function renderTemplate(body: string, values: Partial<TemplateValues>): string {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => {
    const value = values[name.toLowerCase() as TemplateField];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback.trim();
    missing.add(name.toLowerCase());
    return '';
  });
  if (missing.size) {
    const names = [...missing];
    throw invalid(
      `this ticket has no value for ${names.map((n) => `{{${n}}}`).join(', ')}: set it on the ticket, or give the template a default, e.g. {{${names[0]}|there}}`,
      'template',
    );
  }
  return text;
}

/** The first word of a name ("Melissa Grant" → "Melissa"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** A template name as stored for lookups: trimmed, lower case, inner spaces as `-`. */
export function templateKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}
