/**
 * The templates of the mail Deskline sends: per kind a subject, a text and an HTML part with
 * `{{field}}` placeholders (the reply-template fields of templates.ts and a few of each kind's
 * own), shipped defaults an admin may change (`desk admin mail templates`). An HTML part left unset
 * is made from the text. Values are escaped in HTML; a ticket mail's subject keeps its `[#N]`.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { invalid } from './errors.js';
import { TEMPLATE_FIELDS } from './templates.js';
import { textToHtml, ticketFromSubject } from './mail.js';

export const MAIL_TEMPLATE_KINDS = [
  'code',
  'invitation',
  'reply',
  'received',
  'satisfaction',
  'mention',
  'assignment',
  'sla-breach',
  'customer-reply',
] as const;
export type MailTemplateKind = (typeof MAIL_TEMPLATE_KINDS)[number];

/** Mail about a ticket: `[#N]` stays in its subject (every kind but the sign-in code and the invitation). */
export const TICKET_MAIL_KINDS: readonly MailTemplateKind[] = MAIL_TEMPLATE_KINDS.filter(
  (k) => k !== 'code' && k !== 'invitation',
);

const TICKET = [...TEMPLATE_FIELDS, 'ticket.link'] as const;

/** The placeholders each kind fills. */
export const MAIL_TEMPLATE_FIELDS: Readonly<Record<MailTemplateKind, readonly string[]>> = {
  code: ['code', 'code.valid_for'],
  invitation: [
    'technician.name',
    'technician.first_name',
    'technician.email',
    'requester.email',
    'invitation.link',
    'session.number',
    'expires_at',
  ],
  reply: [...TICKET, 'reply.body'],
  received: TICKET,
  satisfaction: TICKET,
  mention: [...TICKET, 'actor.name', 'comment.excerpt'],
  assignment: [...TICKET, 'actor.name'],
  'sla-breach': [...TICKET, 'sla.target', 'sla.due_at'],
  'customer-reply': [...TICKET, 'comment.excerpt'],
};

const DESCRIPTIONS: Readonly<Record<MailTemplateKind, string>> = {
  code: 'a customer’s one-time sign-in code',
  invitation: 'an invitation to a support session, with its join link',
  reply: 'a technician’s public reply, to the requester and CC',
  received: '“we received your request” to the requester of a new ticket',
  satisfaction: 'the satisfaction request when a ticket is resolved',
  mention: 'a technician mentioned in a note',
  assignment: 'a technician a ticket was assigned to',
  'sla-breach': 'the assignee (or the technicians who may see it) when an SLA target breaks',
  'customer-reply': 'the assignee when the requester replied',
};

export const describeMailTemplate = (kind: MailTemplateKind) => DESCRIPTIONS[kind];

const TICKET_SUBJECT = '[#{{ticket.id}}] {{ticket.title}}';
const TECHNICIAN_FOOTER =
  '\n\nOpen it with: desk tickets show {{ticket.id}}\nTurn these mails off with: desk notifications mail off\n';

export interface MailTemplateParts {
  readonly subject: string;
  readonly text: string;
  /** Null: made from the text. */
  readonly html: string | null;
}

export const MAIL_TEMPLATE_DEFAULTS: Readonly<Record<MailTemplateKind, MailTemplateParts>> = {
  code: {
    subject: 'Your sign-in code',
    text: 'Your sign-in code is {{code}}\n\nIt is valid for {{code.valid_for}}. If you did not ask for it, ignore this mail.\n',
    html: null,
  },
  invitation: {
    subject: '{{technician.name}} invites you to a support session',
    text:
      '{{technician.name}} invites you to a support session (number {{session.number}}).\n\n' +
      'Open this link to join:\n{{invitation.link}}\n\n' +
      'The link works once, until {{expires_at}}. If you did not expect this invitation, ignore this mail.\n',
    html: null,
  },
  reply: {
    subject: TICKET_SUBJECT,
    text:
      '{{reply.body}}\n\n-- \n{{technician.name}}\n{{company.name|}}\n' +
      'Reply to this e-mail to answer; keep [#{{ticket.id}}] in the subject.\n',
    html: null,
  },
  received: {
    subject: TICKET_SUBJECT,
    text:
      'Hello {{requester.first_name|there}},\n\n' +
      'We received your request "{{ticket.title}}" and gave it the number #{{ticket.id}}. ' +
      'A technician will answer you by e-mail; reply to this mail to add anything to it.\n\n' +
      'You can follow it at {{ticket.link}}\n',
    html: null,
  },
  satisfaction: {
    subject: TICKET_SUBJECT,
    text:
      'Hello {{requester.first_name|there}},\n\n' +
      'Your request #{{ticket.id}} "{{ticket.title}}" is resolved.\n\n' +
      'How did we do? Rate our help from 1 to 5 at {{ticket.link}} (sign in with your e-mail address).\n\n' +
      'If it is not solved, reply to this mail: that reopens it.\n',
    html: null,
  },
  mention: {
    subject: TICKET_SUBJECT,
    text:
      '{{actor.name}} mentioned you on ticket #{{ticket.id}} "{{ticket.title}}":\n\n{{comment.excerpt}}' +
      TECHNICIAN_FOOTER,
    html: null,
  },
  assignment: {
    subject: TICKET_SUBJECT,
    text: '{{actor.name}} assigned ticket #{{ticket.id}} "{{ticket.title}}" to you.' + TECHNICIAN_FOOTER,
    html: null,
  },
  'sla-breach': {
    subject: '[#{{ticket.id}}] SLA breached: {{ticket.title}}',
    text:
      'The {{sla.target}} target of ticket #{{ticket.id}} "{{ticket.title}}" ({{ticket.priority}} priority) ' +
      'was breached at {{sla.due_at}}.' +
      TECHNICIAN_FOOTER,
    html: null,
  },
  'customer-reply': {
    subject: TICKET_SUBJECT,
    text:
      '{{requester.name|The requester}} replied on ticket #{{ticket.id}} "{{ticket.title}}":\n\n{{comment.excerpt}}' +
      TECHNICIAN_FOOTER,
    html: null,
  },
};

export const MAIL_SUBJECT_MAX = 300;
export const MAIL_BODY_MAX = 100_000;

export function parseMailTemplateKind(raw: string): MailTemplateKind {
  const kind = raw.trim().toLowerCase();
  if (!(MAIL_TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    throw invalid(`unknown mail template "${raw}" (one of ${MAIL_TEMPLATE_KINDS.join(', ')})`, 'kind');
  }
  return kind as MailTemplateKind;
}

const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*(?:\|([^{}]*))?\}\}/gi;

/** Checks one part of a kind's template: known placeholders only, within its length. */
export function checkMailTemplatePart(kind: MailTemplateKind, part: 'subject' | 'text' | 'html', body: string): void {
  const known = MAIL_TEMPLATE_FIELDS[kind];
  const unknown = [...body.matchAll(PLACEHOLDER)]
    .map((m) => (m[1] as string).toLowerCase())
    .filter((name) => !known.includes(name));
  if (unknown.length) {
    throw invalid(
      `unknown placeholder ${[...new Set(unknown)].map((u) => `{{${u}}}`).join(', ')} in the ${part} of the ${kind} mail ` +
        `(known: ${known.map((f) => `{{${f}}}`).join(' ')})`,
      part,
    );
  }
  if (part === 'subject') {
    if (body.trim() === '') throw invalid('the subject must not be empty', 'subject');
    if (/[\r\n]/.test(body)) throw invalid('the subject must be one line', 'subject');
    if (body.length > MAIL_SUBJECT_MAX)
      throw invalid(`the subject is longer than ${MAIL_SUBJECT_MAX} characters`, 'subject');
  } else {
    if (body.trim() === '') throw invalid(`the ${part} must not be empty`, part);
    if (body.length > MAIL_BODY_MAX) throw invalid(`the ${part} is longer than ${MAIL_BODY_MAX} characters`, part);
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Fills placeholders; a value missing takes the placeholder's default, else stays empty. */
function fill(body: string, values: Readonly<Record<string, string>>, escape: (s: string) => string): string {
  return body.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => {
    const value = values[name.toLowerCase()];
    if (value !== undefined && value !== '') return escape(value);
    return escape(fallback?.trim() ?? '');
  });
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A kind's mail from its template and values (a ticket mail's subject gets `[#N]` if it lost it). */
export function renderMail(
  kind: MailTemplateKind,
  template: MailTemplateParts,
  values: Readonly<Record<string, string>>,
): RenderedMail {
  let subject = fill(template.subject, values, (s) => s)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const ticketId = values['ticket.id'];
  if (TICKET_MAIL_KINDS.includes(kind) && ticketId && ticketFromSubject(subject) !== Number(ticketId)) {
    subject = `[#${ticketId}] ${subject}`;
  }
  const text = fill(template.text, values, (s) => s);
  const html =
    template.html === null
      ? textToHtml(text)
      : fill(template.html, values, (s) => escapeHtml(s).replace(/\r?\n/g, '<br>\n'));
  return { subject, text, html };
}

export const mailTemplateSchema = z.object({
  kind: z.enum(MAIL_TEMPLATE_KINDS),
  description: z.string(),
  fields: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  /** Null: made from the text. */
  html: z.nullable(z.string()),
  /** Which parts differ from the shipped default. */
  changed: z.object({ subject: z.boolean(), text: z.boolean(), html: z.boolean() }),
  updatedAt: z.nullable(z.string()),
});
export type MailTemplate = z.infer<typeof mailTemplateSchema>;

export const mailTemplateInput = z.object({
  subject: z.optional(z.string()),
  text: z.optional(z.string()),
  html: z.optional(z.string()),
});
export type MailTemplateInput = z.infer<typeof mailTemplateInput>;

/** Checks a change: at least one part, each part valid for the kind. */
export function checkMailTemplateInput(kind: MailTemplateKind, input: MailTemplateInput): void {
  if (input.subject === undefined && input.text === undefined && input.html === undefined) {
    throw invalid('give at least one of --subject, --text, --html');
  }
  if (input.subject !== undefined) checkMailTemplatePart(kind, 'subject', input.subject);
  if (input.text !== undefined) checkMailTemplatePart(kind, 'text', input.text);
  if (input.html !== undefined) checkMailTemplatePart(kind, 'html', input.html);
}
