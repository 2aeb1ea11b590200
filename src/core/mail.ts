/**
 * E-mail: the SMTP transport an admin sets (`desk admin mail set`), the outbox as `desk admin mail
 * queue` shows it, and the rules every outgoing mail follows — the `[#N]` subject token, the reply
 * address that maps back to a ticket, the text and HTML parts, and the retry schedule.
 */
import * as z from 'zod/mini';
import { formatDuration, parseDuration } from './duration.js';
import { invalid } from './errors.js';
import './zod-locale.js';

const EMAIL = z.email();

/** The transport as `desk admin mail set` gives it. */
export const mailTransportInput = z.object({
  smtpUrl: z.string().check(z.minLength(1), z.maxLength(2000)),
  from: z.string().check(z.minLength(1), z.maxLength(320)),
});

/** A sender or recipient: a bare address or `Name <address>`. */
export interface MailAddress {
  readonly name: string | null;
  readonly address: string;
}

/** Parses `Acme IT <it@acme.example>` or `it@acme.example`; throws invalid input otherwise. */
export function parseMailAddress(raw: string, what = '--from'): MailAddress {
  const text = raw.trim();
  const m = /^(?:"?([^"<>]*?)"?\s*)?<([^<>\s]+)>$/.exec(text);
  const address = (m ? m[2] : text) ?? '';
  const name = m?.[1]?.trim() || null;
  if (!EMAIL.safeParse(address).success || /[\r\n]/.test(text)) {
    throw invalid(`${what} must be an e-mail address such as "Acme IT <it@acme.example>", got "${raw}"`, 'from');
  }
  return { name, address: address.toLowerCase() };
}

export function formatMailAddress(a: MailAddress): string {
  return a.name ? `"${a.name.replace(/["\\]/g, '')}" <${a.address}>` : a.address;
}

/**
 * Checks an SMTP URL: `smtps://` (TLS from the start) or `smtp://` (STARTTLS required, unless
 * the URL ends `?ignoreTLS=true`), with a host; answers it normalised.
 */
export function parseSmtpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`--smtp must be a URL such as smtps://user:pass@host:465, got "${maskSmtpUrl(raw)}"`, 'smtpUrl');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalid(`--smtp must start with smtp:// or smtps://, got "${url.protocol}//"`, 'smtpUrl');
  }
  if (!url.hostname) throw invalid('--smtp names no host', 'smtpUrl');
  return url;
}

/** The URL with its password replaced by `****` (and left as typed when it is no URL). */
export function maskSmtpUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return raw.replace(/:[^:@/]*@/, ':****@');
  }
}

/** Where the transport in effect comes from. */
export const MAIL_SOURCES = ['settings', 'environment'] as const;

export const mailTransportSchema = z.object({
  configured: z.boolean(),
  source: z.nullable(z.enum(MAIL_SOURCES)),
  /** Password masked. */
  smtpUrl: z.nullable(z.string()),
  from: z.nullable(z.string()),
  updatedAt: z.nullable(z.string()),
});
export type MailTransport = z.infer<typeof mailTransportSchema>;

export const mailTestInput = z.object({ to: z.string().check(z.minLength(1), z.maxLength(320)) });

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const mailQueueItemSchema = z.object({
  id: z.number(),
  messageId: z.string(),
  kind: z.string(),
  ticketId: z.nullable(z.number()),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number(),
  lastError: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.string()),
  giveUpAt: z.string(),
  createdAt: z.string(),
  sentAt: z.nullable(z.string()),
});
export type MailQueueItem = z.infer<typeof mailQueueItemSchema>;

export const mailQueuedAnswer = z.object({ id: z.number(), messageId: z.string(), to: z.string() });

/** The subject of mail about a ticket: `[#123] Printer on fire`. */
export function ticketSubject(ticketId: number, title: string): string {
  return `[#${ticketId}] ${title.replace(/[\r\n]+/g, ' ')}`;
}

/** The ticket a `[#123]` subject token names. */
export function ticketFromSubject(subject: string): number | undefined {
  const m = /\[#(\d{1,15})\]/.exec(subject);
  return m ? Number(m[1]) : undefined;
}

/** The reply address of a ticket: the sender's address with `+ticket-N` after its local part. */
export function replyAddress(from: MailAddress, ticketId: number): MailAddress {
  const at = from.address.lastIndexOf('@');
  const local = from.address.slice(0, at).replace(/\+.*$/, '');
  return { name: from.name, address: `${local}+ticket-${ticketId}${from.address.slice(at)}` };
}

/** The ticket a reply address maps back to. */
export function ticketFromAddress(address: string): number | undefined {
  const m = /\+ticket-(\d{1,15})@/i.exec(address);
  return m ? Number(m[1]) : undefined;
}

/** The `Message-ID` a ticket's thread starts from, the same on every node. */
export function ticketThreadId(ticketId: number, domain: string): string {
  return `<deskline.ticket-${ticketId}@${domain}>`;
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as an HTML part: escaped, paragraphs and line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
  return `<!doctype html>\n<html><body style="font-family: sans-serif">\n${paragraphs}\n</body></html>\n`;
}

/** Wait before attempt `attempt + 1` (attempt 1 failed → 1 minute, doubling, at most an hour). */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** Default for `mail.give-up-after`. */
export const DEFAULT_GIVE_UP_MS = 2 * 86_400_000;

export function parseGiveUpSetting(raw: string): string {
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 60_000 || ms > 30 * 86_400_000) {
    throw invalid(`mail.give-up-after must be a duration from 1m to 30d such as 2d or 12h, got "${raw}"`);
  }
  return formatDuration(ms);
}

/** What `desk admin mail test` answers: sent, or the SMTP server's error. */
export const mailTestAnswer = z.object({
  sent: z.boolean(),
  to: z.string(),
  messageId: z.nullable(z.string()),
  error: z.nullable(z.string()),
});

/** Whether a technician gets their notifications by mail too (`desk notifications mail on|off`). */
export const mailNotificationsSchema = z.object({ enabled: z.boolean() });
export type MailNotifications = z.infer<typeof mailNotificationsSchema>;
