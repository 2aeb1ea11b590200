/**
 * Mail read from IMAP mailboxes: the mailbox URL an admin adds (`desk admin mailboxes add`), how a
 * mailbox is shown, and the rules applied to a message before it becomes a ticket or a reply —
 * the quoted history cut from a reply, and the headers that mark mail nobody should answer.
 */
import * as z from 'zod/mini';
import { invalid } from './errors.js';
import './zod-locale.js';

export const mailboxInput = z.object({
  imapUrl: z.string().check(z.minLength(1), z.maxLength(2000)),
  companyId: z.optional(z.number().check(z.int(), z.positive())),
});

/** Checks an IMAP URL: `imaps://` or `imap://` (STARTTLS unless `?ignoreTLS=true`), user and host, folder (default INBOX). */
export function parseImapUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`--imap must be a URL such as imaps://user:pass@host:993/INBOX`, 'imapUrl');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    throw invalid(`--imap must start with imap:// or imaps://, got "${url.protocol}//"`, 'imapUrl');
  }
  if (!url.hostname) throw invalid('--imap names no host', 'imapUrl');
  if (!url.username) throw invalid('--imap names no user (imaps://user:pass@host/INBOX)', 'imapUrl');
  return url;
}

/** The folder an IMAP URL names (`INBOX` when it names none). */
export function imapFolder(url: URL): string {
  const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  return path === '' ? 'INBOX' : path;
}

export const mailboxSchema = z.object({
  id: z.number(),
  /** Password masked. */
  imapUrl: z.string(),
  folder: z.string(),
  companyId: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  /** How new mail is learnt of: `idle` (at once, the server offers IDLE) or `polling` (every 30 s). */
  push: z.nullable(z.enum(['idle', 'polling'])),
  imported: z.number(),
  createdAt: z.string(),
});
export type Mailbox = z.infer<typeof mailboxSchema>;

export const mailboxTestAnswer = z.object({
  ok: z.boolean(),
  messages: z.nullable(z.number()),
  error: z.nullable(z.string()),
});

/** Lines that start the quoted history or the signature under a reply. */
const CUT_AT = [
  /^On .{1,200}wrote:\s*$/,
  /^Am .{1,200}schrieb.{0,100}:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^From:\s.+/,
  /^>/,
  /^-- ?$/,
];

/** A reply without the quoted history and signature below it (all of it when nothing is left). */
export function cutQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const at = lines.findIndex((line) => CUT_AT.some((re) => re.test(line)));
  const kept = (at === -1 ? lines : lines.slice(0, at)).join('\n').trim();
  return kept === '' ? text.trim() : kept;
}

/** Why a message is not to be answered or imported (a mail loop, a list, a bounce); undefined when it is fine. */
export function automaticReason(headers: {
  autoSubmitted?: string | undefined;
  precedence?: string | undefined;
  from?: string | undefined;
  contentType?: string | undefined;
  autoResponseSuppress?: string | undefined;
}): string | undefined {
  const auto = headers.autoSubmitted?.trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = headers.precedence?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (/^(mailer-daemon|postmaster)@/i.test(headers.from ?? '')) return 'a delivery report (bounce)';
  if (/multipart\/report/i.test(headers.contentType ?? '')) return 'a delivery report (bounce)';
  return undefined;
}

/** Whether a spam filter upstream marked the message (`X-Spam-Flag: YES`, `X-Spam-Status: Yes, …`). */
export function markedAsSpam(headers: { spamFlag?: string | undefined; spamStatus?: string | undefined }): boolean {
  if (headers.spamFlag?.trim().toLowerCase() === 'yes') return true;
  return /^\s*yes\b/i.test(headers.spamStatus ?? '');
}

/** New tickets one sender may open by mail in an hour, unless `mail.sender-limit` says otherwise. */
export const DEFAULT_SENDER_LIMIT = 20;
export const SENDER_LIMIT_WINDOW_MS = 3_600_000;

/** Checks `mail.sender-limit`: a whole number from 1 to 10000. */
export function parseSenderLimit(raw: string): string {
  const v = raw.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 10_000) {
    throw invalid(`mail.sender-limit must be a whole number from 1 to 10000, got "${raw}"`);
  }
  return String(n);
}
