/**
 * How chats look in the terminal and in JSON: customer data masked (unless the technician may and
 * asked to see it clear), customer text made inert before it is printed.
 */
import type { Context } from '../context.js';
import type { Chat, ChatDetail, ChatMessage, Presence } from '../../core/chat.js';
import { formatDuration } from '../../core/duration.js';
import { sanitizeLine, sanitizeTerminal } from '../../core/terminal.js';
import { colours, isTTY, printTable, when } from '../output.js';

export type Mask = (text: string) => string;

export function maskMessage(m: ChatMessage, mask: Mask): ChatMessage {
  return {
    ...m,
    body: mask(m.body),
    author: m.author.kind === 'contact' ? { ...m.author, name: mask(m.author.name) } : m.author,
    file: m.file ? { ...m.file, name: mask(m.file.name) } : null,
  };
}

export function maskChat<T extends Chat>(chat: T, mask: Mask): T {
  const masked = {
    ...chat,
    contact: { ...chat.contact, name: mask(chat.contact.name), email: mask(chat.contact.email) },
  };
  return typeof chat.preview === 'string' ? { ...masked, preview: mask(chat.preview) } : masked;
}

export function maskDetail(d: ChatDetail, mask: Mask): ChatDetail {
  return { ...maskChat(d, mask), messages: d.messages.map((m) => maskMessage(m, mask)) };
}

/** How long the customer waited: until now while waiting, until acceptance after. */
export function waited(chat: Chat, now: number): string {
  const from = Date.parse(chat.requestedAt);
  const to = chat.acceptedAt ? Date.parse(chat.acceptedAt) : chat.endedAt ? Date.parse(chat.endedAt) : now;
  return formatDuration(Math.max(0, to - from));
}

/** A chat list; `withPreview` adds the customer's first message (one line). */
export function printChats(ctx: Context, chats: readonly Chat[], me?: number, withPreview = false): void {
  const now = ctx.now().getTime();
  const role = (c: Chat) => {
    if (me === undefined) return c.owner?.name ?? '';
    if (c.offeredTo?.id === me) return 'offer';
    if (c.owner?.id === me)
      return c.state === 'offered' && c.initiatedBy === 'technician' ? 'invited customer' : 'owner';
    const p = c.participants.find((x) => x.technician.id === me);
    if (p?.role === 'conference') return p.state === 'invited' ? 'conference invite' : 'conference';
    return c.transferPending ? 'transfer to you' : '';
  };
  printTable(
    ctx,
    [
      { header: 'ID' },
      { header: 'CUSTOMER', max: 28 },
      { header: 'COMPANY', max: 20 },
      { header: 'QUEUE', max: 14 },
      { header: 'STATE' },
      { header: me === undefined ? 'OWNER' : 'ROLE', max: 20 },
      { header: 'WAITING' },
      ...(withPreview ? [{ header: 'FIRST MESSAGE', max: 40 }] : []),
    ],
    chats.map((c) => [
      String(c.id),
      `${c.contact.name} <${c.contact.email}>`,
      c.company.name,
      c.queue?.name ?? '',
      c.transferPending && c.state === 'active' ? 'active (transfer)' : c.state,
      role(c),
      waited(c, now),
      ...(withPreview ? [sanitizeLine((c.preview ?? '').replace(/\s+/g, ' ').trim())] : []),
    ]),
  );
}

function clock(ctx: Context, iso: string): string {
  return isTTY(ctx) ? new Date(iso).toTimeString().slice(0, 8) : iso;
}

/** One transcript line: `[time] Name: text`, made inert; internal lines marked. */
export function messageLine(ctx: Context, m: ChatMessage): string {
  const c = colours(ctx);
  const who =
    m.author.kind === 'system'
      ? c.dim('—')
      : m.author.kind === 'contact'
        ? c.cyan(sanitizeLine(m.author.name))
        : c.green(sanitizeLine(m.author.name));
  const body = m.file ? `[file ${m.file.id}: ${m.file.name}, ${m.file.size} bytes, ${m.file.type}]` : m.body;
  const text = sanitizeTerminal(body).replace(/\n/g, '\n    ');
  const internal = m.internal ? c.yellow(' (internal)') : '';
  return `[${clock(ctx, m.createdAt)}] ${who}${internal}: ${m.author.kind === 'system' ? c.dim(text) : text}`;
}

export function printDetail(ctx: Context, d: ChatDetail): void {
  const c = colours(ctx);
  const line = (k: string, v: string) => ctx.stdout.write(`${c.bold(k.padEnd(12))} ${sanitizeLine(v)}\n`);
  ctx.stdout.write(`${c.bold(`Chat ${d.id}`)}  ${d.state}${d.transferPending ? ' (transfer pending)' : ''}\n`);
  line('Customer', `${d.contact.name} <${d.contact.email}>`);
  line('Company', d.company.name);
  line('Queue', d.queue?.name ?? '');
  line('Started by', d.initiatedBy);
  line('Owner', d.owner?.name ?? (d.offeredTo ? `(offered to ${d.offeredTo.name})` : '—'));
  const conf = d.participants.filter((p) => p.role === 'conference' && p.state !== 'left');
  if (conf.length)
    line('Conference', conf.map((p) => `${p.technician.name}${p.state === 'invited' ? ' (invited)' : ''}`).join(', '));
  line('Requested', when(ctx, d.requestedAt));
  if (d.acceptedAt) line('Accepted', when(ctx, d.acceptedAt));
  if (d.endedAt) line('Ended', `${when(ctx, d.endedAt)}${d.wrapup ? ` — ${d.wrapup}` : ' — no wrap-up reason yet'}`);
  if (d.wrapups?.length) {
    line('Wrap-ups', d.wrapups.map((w) => `${w.technician.name}: ${w.reason ?? 'owed'}`).join(', '));
  }
  line('Ticket', d.ticketId === null ? '—' : `#${d.ticketId}`);
  const o = d.origin;
  const client = [o.client, o.clientVersion].filter(Boolean).join(' ');
  line('Origin', [o.ip && `IP ${o.ip}`, o.device, o.os, client].filter(Boolean).join(' · ') || '—');
  if (d.transfer?.state === 'pending') {
    const to = d.transfer.toTechnician?.name ?? `queue ${d.transfer.toQueue?.name ?? ''}`;
    line(
      'Transfer',
      `to ${to} until ${when(ctx, d.transfer.expiresAt)}${d.transfer.note ? `: ${d.transfer.note}` : ''}`,
    );
  }
  ctx.stdout.write('\n');
  for (const m of d.messages) ctx.stdout.write(messageLine(ctx, m) + '\n');
}

export function presenceLine(ctx: Context, p: Presence): string {
  const c = colours(ctx);
  const label: Record<Presence['state'], string> = {
    available: c.green('Available'),
    away: c.yellow(`Away${p.reason ? ` (${sanitizeLine(p.reason)})` : ''}`),
    offline: c.dim('Offline'),
    rona: c.red('RONA — you missed a chat offer; you get no offers until you run `desk status available`'),
  };
  const load = `${p.activeChats} active chat${p.activeChats === 1 ? '' : 's'}${p.maxChats !== null ? ` of at most ${p.maxChats}` : ''}`;
  return `${label[p.state]} · ${load} · since ${when(ctx, p.since)}`;
}
